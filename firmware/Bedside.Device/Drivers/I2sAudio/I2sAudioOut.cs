using System;
using System.Device.Gpio;
using System.Device.I2s;
using System.Threading;
using Bedside.Core.Drivers;
using Bedside.Core.Runtime;
using Bedside.Device.Board;
using nanoFramework.Hardware.Esp32;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// I2S output to a MAX98357A (mono class-D amp) or PCM5102A (DAC), 16-bit mono PCM blocks.
    ///
    /// Pacing (why Write never blocks): I2sDevice.Write blocks inside the native call until the data fits in
    /// the DMA ring, and while it blocks no other managed thread runs (BLE handlers have a 2 s limit, sensors
    /// need their rate). So the ring is kept at most (ring - block) full: before each Write the audio thread
    /// asks AudioPacer how long until one block fits, and sleeps that long instead of blocking. With a 8192-byte
    /// ring (4096 samples = 256 ms at 16 kHz) and 512-sample blocks (32 ms), the thread wakes about every 32 ms,
    /// writes one block with a call that returns at once, and the other threads get the remaining time; the ring
    /// holds ≥ 224 ms of audio after each write, which rides out a GC or a BLE burst without an underrun.
    ///
    /// Pop-free sequencing: the clocks start at boot with silence and then run for the life of the firmware
    /// (silence is written whenever nothing plays); the amplifier (SD/XSMT) is released only once the clocks
    /// have run ClockSettleMs, and is pulled low again while the stream is silent. Faults mute first
    /// (EmergencyMute), and the reboot stops the clocks afterwards.
    /// </summary>
    public sealed class I2sAudioOut : IAudioOut, IAmplifier
    {
        public const int ClockSettleMs = 20;

        private static GpioPin s_ampShutdown;

        private readonly GpioPin _ampShutdown;
        private readonly I2sDevice _i2s;
        private readonly AudioPacer _pacer;
        private readonly byte[] _silence;
        private bool _unmuted;
        private long _firstWriteUs = -1;

        /// <summary>Opens the shutdown pin first (muted), then routes the I2S pins and creates the device.</summary>
        public I2sAudioOut(GpioController gpio, int sampleRateHz, int blockSamples, int dmaBytes)
        {
            _ampShutdown = gpio.OpenPin(PinMap.AmpShutdown, PinMode.Output);
            _ampShutdown.Write(PinValue.Low);
            s_ampShutdown = _ampShutdown;

            Configuration.SetPinFunction(PinMap.I2sBck, DeviceFunction.I2S1_BCK);
            Configuration.SetPinFunction(PinMap.I2sWs, DeviceFunction.I2S1_WS);
            Configuration.SetPinFunction(PinMap.I2sDataOut, DeviceFunction.I2S1_DATA_OUT);

            I2sConnectionSettings s = new I2sConnectionSettings(1);
            // BitsPerSample is honoured only when Mode is exactly Master | Tx (else the driver uses 32-bit DMA).
            s.Mode = I2sMode.Master | I2sMode.Tx;
            s.SampleRate = sampleRateHz;
            s.BitsPerSample = I2sBitsPerSample.Bit16;
            // Mono stream: the engine renders one channel; the MAX98357A mixes (L+R)/2 or plays left, the
            // PCM5102A's left output carries the sound.
            s.ChannelFormat = I2sChannelFormat.OnlyLeft;
            s.CommunicationFormat = I2sCommunicationFormat.I2S;
            s.BufferSize = dmaBytes;
            _i2s = new I2sDevice(s);

            _pacer = new AudioPacer(sampleRateHz, dmaBytes / 2, blockSamples);
            _silence = new byte[blockSamples * 2];
        }

        public int Underruns { get { return _pacer.Underruns; } }
        public bool Unmuted { get { return _unmuted; } }

        /// <summary>
        /// Releases the amplifier's shutdown pin, but only once the I2S clocks have been running for ClockSettleMs
        /// (the first write starts them) at nowUs. Returns true when the amplifier is (now) unmuted.
        /// </summary>
        public bool Unmute(long nowUs)
        {
            if (_unmuted) return true;
            if (_firstWriteUs < 0 || nowUs - _firstWriteUs < ClockSettleMs * 1000L) return false;
            _ampShutdown.Write(PinValue.High);
            _unmuted = true;
            return true;
        }

        /// <summary>Pulls the amplifier's shutdown pin low (the clocks keep running with whatever is queued).</summary>
        public void Mute()
        {
            _ampShutdown.Write(PinValue.Low);
            _unmuted = false;
        }

        /// <summary>Samples written but not yet played at nowUs (pacer estimate): how long until the last written sample reaches the DAC.</summary>
        public int QueuedSamples(long nowUs) { return _pacer.QueuedSamples(nowUs); }

        /// <summary>
        /// Writes count bytes (16-bit little-endian mono, whole samples, ≤ one block) without blocking the
        /// runtime: sleeps until the ring has room, then writes. No allocation (SpanByte is a struct).
        /// </summary>
        public void WritePaced(byte[] pcm, int count)
        {
            if (pcm == null || count <= 0) return;
            if (count > pcm.Length) count = pcm.Length;
            count &= ~1;
            while (true)
            {
                int waitUs = _pacer.MicrosUntilWritable((long)HighResTimer.GetCurrent());
                if (waitUs <= 0) break;
                Thread.Sleep(waitUs / 1000 + 1);
            }
            _i2s.Write(new SpanByte(pcm, 0, count));
            long nowUs = (long)HighResTimer.GetCurrent();
            if (_firstWriteUs < 0) _firstWriteUs = nowUs;
            _pacer.Wrote(count / 2, nowUs);
        }

        /// <summary>Writes one block of silence (keeps the clocks running while muted).</summary>
        public void WriteSilence() { WritePaced(_silence, _silence.Length); }

        /// <summary>Fault path, callable from any thread: pull the amplifier's shutdown pin low. Never throws.</summary>
        public static void EmergencyMute()
        {
            try
            {
                GpioPin p = s_ampShutdown;
                if (p != null) p.Write(PinValue.Low);
            }
            catch (Exception)
            {
                // nothing else can be done; the 100 kΩ pull-down keeps the amp off after the reboot
            }
        }
    }
}
