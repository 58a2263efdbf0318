using Bedside.Core.Ports;
using Bedside.Core.Runtime;
using Bedside.Core.Sensing;

namespace Bedside.Core.Unit
{
    /// <summary>
    /// A whole-unit golden run: a BedsideUnit (sensing, therapy, composer with its learned models, engine) fed synthetic
    /// sensor streams and a button tap for 75 simulated seconds, its PCM bytes hashed with CRC-32 and compared with a
    /// committed constant on the host (tests/Bedside.Tests/Unit/GoldenUnitTests) and on the device (NFUnitTest
    /// GoldenAudioTests), so the interpreter is held to the host's bytes for the whole chain, not only the engine's
    /// fixed scores. Everything is integer arithmetic from fixed seeds; the host drives it exactly as the device's audio
    /// thread does: sensor samples up to "now", one control tick per control period (Rates.ControlPeriodMs) of audio, then that tick's samples.
    /// Pulse: 125 Hz analog readings, a sharp-rise / slow-fall wave of 300 counts at 70 bpm on 2048 plus ±4 counts of
    /// noise. Skin conductance: 16 Hz Grove readings around 2200 counts, a slow ramp, a response every 20 s, ±2 counts
    /// of noise. The tap (150 ms) at 1 s starts a session in Standby.
    /// Regenerate the constant with <c>dotnet run --project tools/Bedside.TableGen -- --golden</c> after an intended
    /// change of the sound, the sensing or the therapy.
    /// </summary>
    public static class GoldenUnit
    {
        /// <summary>Expected CRC-32 of the run's PCM bytes. Regenerate only for an intended change.</summary>
        public const uint ExpectedCrc32 = 0x1D70139Bu;

        public const int SampleRate = 16000;
        public const int Seconds = 75;
        public const uint Seed = 44;
        /// <summary>Samples per Render call (two per control period at 16 kHz).</summary>
        public const int BlockSamples = 400;
        public const int PulseRateHz = 125;
        public const int EdaRateHz = 16;
        public const long TapDownMs = 1000, TapUpMs = 1150;

        /// <summary>A fresh unit on RAM storage (factory settings), both sensors fitted.</summary>
        public static BedsideUnit Create()
        {
            SensingHub hub = new SensingHub();
            hub.SetPulseAvailable(true);
            hub.SetEdaAvailable(true);
            return new BedsideUnit(RamStorage.CreateDefault(), hub, SampleRate, Seed);
        }

        /// <summary>Runs the whole script on a fresh unit (from <see cref="Create"/>); block must hold 2·BlockSamples bytes. Returns the CRC-32.</summary>
        public static uint Render(BedsideUnit unit, byte[] block)
        {
            Rng noise = new Rng(0x601DE7u);
            long pulseIndex = 0, edaIndex = 0;
            long totalMs = (long)Seconds * 1000;
            int samplesPerTick = Rates.ControlPeriodSamples(SampleRate);
            uint crc = 0xFFFFFFFFu;
            for (long nowMs = 0; nowMs < totalMs; nowMs += Rates.ControlPeriodMs)
            {
                while (pulseIndex * 1000 / PulseRateHz <= nowMs)
                {
                    unit.PushPulse(PulseRaw(pulseIndex, noise), pulseIndex * 1000000 / PulseRateHz);
                    pulseIndex++;
                }
                while (edaIndex * 1000 / EdaRateHz <= nowMs)
                {
                    unit.PushEda(EdaRaw(edaIndex, noise), edaIndex * 1000000 / EdaRateHz);
                    edaIndex++;
                }
                if (nowMs == TapDownMs) unit.OnButtonEdge(true, nowMs);
                if (nowMs == TapUpMs) unit.OnButtonEdge(false, nowMs);
                unit.ControlTick(nowMs);
                for (int done = 0; done < samplesPerTick; done += BlockSamples)
                {
                    int n = samplesPerTick - done < BlockSamples ? samplesPerTick - done : BlockSamples;
                    unit.Render(block, 0, n);
                    crc = Crc32.Update(crc, block, 0, 2 * n);
                }
            }
            return crc ^ 0xFFFFFFFFu;
        }

        /// <summary>Pulse reading i: rise over the first sixth of a 107-sample beat (70 bpm at 125 Hz), fall over the rest.</summary>
        private static int PulseRaw(long i, Rng noise)
        {
            const int period = 107, rise = 18, amplitude = 300;
            int p = (int)(i % period);
            int wave = p < rise ? amplitude * p / rise : amplitude * (period - p) / (period - rise);
            return 2048 + wave + noise.Range(-4, 4);
        }

        /// <summary>Skin-conductance reading i: a slow ramp with a 3 s response every 20 s.</summary>
        private static int EdaRaw(long i, Rng noise)
        {
            int t = (int)(i % (20 * EdaRateHz));
            int response = t < 3 * EdaRateHz ? 40 * t / (3 * EdaRateHz) : (t < 8 * EdaRateHz ? 40 - 8 * (t - 3 * EdaRateHz) / EdaRateHz : 0);
            return 2200 + (int)(i / EdaRateHz) / 4 + response + noise.Range(-2, 2);
        }
    }
}
