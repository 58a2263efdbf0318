using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Threading;
using Bedside.Core.Drivers;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Sensing;
using Bedside.Core.Settings;
using Bedside.Core.Unit;
using Bedside.Device.Ble;
using Bedside.Device.Board;
using Bedside.Device.Drivers;
using Bedside.Device.Storage;
using nanoFramework.Hardware.Esp32;
using BoardEda = Bedside.Device.Board.EdaSensorKind;
using BoardPulse = Bedside.Device.Board.PulseSensorKind;
using CoreEda = Bedside.Core.Sensing.EdaSensorKind;
using CorePulse = Bedside.Core.Sensing.PulseSensorKind;

namespace Bedside.Device
{
    /// <summary>
    /// Composition root of the ESP32 unit. All behaviour lives in the portable core's <see cref="BedsideUnit"/>
    /// (sensing → therapy → composer → engine, cues, settings, session log), the same object the PC simulator
    /// runs; this class only feeds it samples, button edges and time, pulls PCM out of it, and drives the
    /// hardware from its outputs. Threads (each wrapped by FailSilent):
    /// - audio (AboveNormal): button edges + <c>ControlTick</c> every 50 ms of rendered audio, <c>Render</c>,
    ///   paced I2S write, amplifier mute/unmute. Control tick and render share the thread because the composer
    ///   drives the engine.
    /// - sensors (Normal): fixed-rate pulse and EDA sampling with HighResTimer timestamps, sensor availability.
    /// - control (Normal, 20 Hz): indicator LED, BLE pairing window and bond policy, live status notifications.
    /// - BLE handlers (the stack's threads): forward to BedsideProtocol, bound to the unit's controller.
    /// One lock (<see cref="s_lock"/> = BedsideProtocol.SyncRoot) serialises every call into the unit's
    /// controller and sensing: ControlTick + button edges (audio thread), sensor pushes (sensor thread), BLE
    /// reads/writes, status snapshots. Render runs outside it (only the audio thread touches the engine).
    /// </summary>
    public static class Program
    {
        public const int AudioSlot = 0;
        public const int ControlSlot = 1;
        /// <summary>
        /// Audio thread heartbeat deadline. A block is written every ~32 ms, but the control tick that ends a session
        /// seals and saves the session log (CRC and copy of up to 21.5 kB in interpreted loops: estimated at a few
        /// hundred ms on the ESP32 from ../shared/docs/runtime-costs.md, not measured), and one refused TPL5010 feed
        /// resets the board; 1.5 s still catches a hung audio thread well inside the ~10 s watchdog period.
        /// </summary>
        public const int AudioDeadlineMs = 1500;
        public const int ControlDeadlineMs = 2000;
        public const int ControlLoopMs = 50;
        public const int StatusPeriodMs = 1000;
        /// <summary>Extra wait after the last queued sample should have played before the amplifier is muted.</summary>
        public const int MuteMarginMs = 30;

        private static readonly HealthMonitor Health = new HealthMonitor();
        private static readonly object s_lock = new object();

        private static BedsideUnit s_unit;
        private static I2sAudioOut s_audio;
        private static ButtonInput s_button;
        private static IndicatorLed s_led;
        private static BleGattService s_ble;
        private static GattOperations s_gatt;
        private static Tpl5010Watchdog s_watchdog;
        private static Max30102Sensor s_max30102;
        private static Ads1115Sensor s_ads1115;
        private static AnalogPulseSensor s_analogPulse;
        private static GroveGsrSensor s_groveGsr;
        private static byte[] s_block;

        public static void Main()
        {
            FailSilent.Init(Health);
            try
            {
                GpioController gpio = new GpioController();
                // Amplifier first: its constructor pulls the shutdown pin low before anything else runs.
                s_audio = new I2sAudioOut(gpio, BoardConfig.AudioSampleRateHz, BoardConfig.AudioBlockSamples, BoardConfig.AudioDmaBytes);
                s_block = new byte[BoardConfig.AudioBlockSamples * 2];
                s_led = new IndicatorLed(gpio);
                s_button = new ButtonInput(gpio);

                CreateSensors(gpio);

                IStorage storage = DeviceStorage.Create();
                SensingHub hub = new SensingHub(
                    BoardConfig.Pulse == BoardPulse.Max30102 ? BoardConfig.Max30102RateHz : BoardConfig.AnalogPulseRateHz,
                    BoardConfig.Pulse == BoardPulse.Max30102 ? CorePulse.Max30102Ir18 : CorePulse.AnalogAdc12,
                    BoardConfig.EdaRateHz,
                    CoreEda.GroveAdc12); // the Grove GSR module, read directly on ADC1 or through the ADS1115 (converted to ADC1 counts)
                s_unit = new BedsideUnit(storage, hub, BoardConfig.AudioSampleRateHz, BootSeed());
                UpdateSensorAvailability(true);
                Console.WriteLine("Bedside: settings from " + (s_unit.Controller.BootSettingsSource == SettingsSource.FactoryDefaults ? "factory defaults" : "store")
                    + "; " + DeviceStorage.Status);

                BedsideProtocol protocol = new BedsideProtocol(s_unit.Controller, s_lock);
                s_gatt = new GattOperations(protocol, BoardConfig.FirmwareMajor, BoardConfig.FirmwareMinor, BoardConfig.FirmwarePatch,
                    BoardConfig.HardwareRevision, (int)BoardConfig.Pulse, (int)BoardConfig.Eda);
                s_gatt.Stir(BootSeed()); // access keys: a second boot-entropy draw, then the µs clock at every key request
                s_ble = new BleGattService(s_gatt);
                bool bleOk;
                try
                {
                    bleOk = s_ble.Start(BoardConfig.BleDeviceName);
                }
                catch (Exception)
                {
                    bleOk = false;
                }
                // Without BLE the unit still plays and senses (settings from storage); no reboot loop over a radio fault.
                if (!bleOk) Console.WriteLine("BLE service failed to start; running without it");

                long now = NowMs();
                Health.Register(AudioSlot, AudioDeadlineMs, now);
                Health.Register(ControlSlot, ControlDeadlineMs, now);
                s_watchdog = new Tpl5010Watchdog(gpio, Health);

                FailSilent.Start("audio", new ThreadStart(AudioLoop), ThreadPriority.AboveNormal);
                FailSilent.Start("sensors", new ThreadStart(SensorLoop), ThreadPriority.Normal);
                FailSilent.Start("control", new ThreadStart(ControlLoop), ThreadPriority.Normal);
            }
            catch (Exception ex)
            {
                FailSilent.Fault("boot", ex);
            }
            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>
        /// Creates the configured sensors. A sensor that cannot even be constructed is left absent (null):
        /// the therapy layer runs without it instead of the unit rebooting over a missing breakout.
        /// </summary>
        private static void CreateSensors(GpioController gpio)
        {
            I2cSensorBus bus = null;
            AdcController adc = null;
            try
            {
                if (BoardConfig.Pulse == BoardPulse.Max30102 || BoardConfig.Eda == BoardEda.Ads1115) bus = new I2cSensorBus(gpio);
            }
            catch (Exception) { bus = null; }
            try
            {
                if (BoardConfig.Pulse == BoardPulse.Analog || BoardConfig.Eda == BoardEda.GroveAnalog) adc = new AdcController();
            }
            catch (Exception) { adc = null; }
            try { if (bus != null && BoardConfig.Pulse == BoardPulse.Max30102) s_max30102 = new Max30102Sensor(bus); } catch (Exception) { s_max30102 = null; }
            try { if (adc != null && BoardConfig.Pulse == BoardPulse.Analog) s_analogPulse = new AnalogPulseSensor(adc); } catch (Exception) { s_analogPulse = null; }
            try { if (bus != null && BoardConfig.Eda == BoardEda.Ads1115) s_ads1115 = new Ads1115Sensor(bus); } catch (Exception) { s_ads1115 = null; }
            try { if (adc != null && BoardConfig.Eda == BoardEda.GroveAnalog) s_groveGsr = new GroveGsrSensor(adc); } catch (Exception) { s_groveGsr = null; }
        }

        /// <summary>
        /// Per-boot music seed. Sources (documented in README): the µs clock at this point of the boot (the time
        /// nanoCLR start-up, assembly loading and peripheral set-up took varies from boot to boot by some µs) and
        /// the low bits of 32 reads of each fitted ADC1 input (quantisation and thermal noise). Mixed with an
        /// FNV-1a style multiply. This is for musical variety between nights, not security: ESP32's hardware RNG
        /// is not reachable through the documented API.
        /// </summary>
        private static uint BootSeed()
        {
            uint h = 0x811C9DC5u;
            h = Mix(h, (uint)HighResTimer.GetCurrent());
            for (int i = 0; i < 32; i++)
            {
                try
                {
                    if (s_analogPulse != null) h = Mix(h, (uint)s_analogPulse.ReadRaw());
                    if (s_groveGsr != null) h = Mix(h, (uint)s_groveGsr.ReadRaw());
                }
                catch (Exception) { /* a failing ADC only removes entropy */ }
                h = Mix(h, (uint)HighResTimer.GetCurrent());
            }
            return h == 0 ? 0x9E3779B9u : h;
        }

        /// <summary>h' = (h XOR v) * 16777619 (FNV-1a prime, wrapping 32-bit).</summary>
        private static uint Mix(uint h, uint v) { return unchecked((h ^ v) * 16777619u); }

        /// <summary>
        /// Audio thread. Each iteration fills one block of BoardConfig.AudioBlockSamples (512 = 32 ms at 16 kHz):
        /// every samplesPerTick rendered samples (50 ms of audio = 800 at 16 kHz) it drains the button edges into
        /// the unit and runs ControlTick (under the unit lock, with the wall-clock ms of HighResTimer, the clock
        /// the sensor timestamps use); between ticks it renders. Then the block goes out through WritePaced,
        /// which sleeps until the DMA ring has room for it instead of letting I2sDevice.Write block the whole
        /// runtime (see I2sAudioOut: 4096-sample ring, writes keep it ≥ 224 ms full). Ticks therefore follow the
        /// audio clock: 20 per second of played audio, ~200 ms ahead of the speaker.
        /// Amplifier (core AmpGate, host-tested): unmuted as soon as the unit reports AudioRunning (the clocks have
        /// run since boot); muted after AudioRunning ended, once the engine's stop fade has rendered to silence AND
        /// the queued samples holding the fade tail have played (queued / rate + MuteMarginMs): the mute lands on silence.
        /// </summary>
        private static void AudioLoop()
        {
            BedsideUnit unit = s_unit;
            I2sAudioOut audio = s_audio;
            byte[] block = s_block;
            int blockSamples = BoardConfig.AudioBlockSamples;
            int rate = unit.SampleRate;
            int samplesPerTick = rate * BedsideUnit.ControlTickMs / 1000;
            int untilTick = 0;
            AmpGate gate = new AmpGate(rate, MuteMarginMs);
            while (true)
            {
                int filled = 0;
                while (filled < blockSamples)
                {
                    if (untilTick == 0)
                    {
                        long nowMs = NowMs();
                        lock (s_lock)
                        {
                            bool pressed;
                            long tMs;
                            while (s_button.TryGetEdge(out pressed, out tMs)) unit.OnButtonEdge(pressed, tMs);
                            unit.ControlTick(nowMs);
                        }
                        untilTick = samplesPerTick;
                    }
                    int n = blockSamples - filled;
                    if (n > untilTick) n = untilTick;
                    unit.Render(block, filled * 2, n);
                    filled += n;
                    untilTick -= n;
                }
                audio.WritePaced(block, blockSamples * 2);

                long nowUs = (long)HighResTimer.GetCurrent();
                bool want = gate.Update(unit.AudioRunning, unit.Engine.IsSilent, audio.QueuedSamples, nowUs);
                if (want && !audio.Unmuted) audio.Unmute(); // refuses until the clocks have settled; retried next block
                else if (!want && audio.Unmuted) audio.Mute();
                Health.Beat(AudioSlot, nowUs / 1000);
            }
        }

        /// <summary>
        /// Sensor thread: fixed-rate schedules in µs, each sample pushed with the HighResTimer time it was read.
        /// Analog PPG at 125 Hz (8 ms), MAX30102 FIFO polled every 80 ms (the chip samples at 100 Hz itself; the
        /// k-th of n samples gets tRead − (n−1−k)·10 ms), EDA at 16 Hz (62.5 ms). A schedule that fell more than
        /// one period behind (GC, an I2C recovery) restarts from now instead of bursting. Pushes take the unit
        /// lock one batch at a time. Sensor availability (driver present and not given up by SensorHealth) goes
        /// to SensingHub.SetPulseAvailable / SetEdaAvailable, so the therapy falls back when a sensor fails.
        /// </summary>
        private static void SensorLoop()
        {
            BedsideUnit unit = s_unit;
            long pulsePeriodUs = 1000000 / BoardConfig.AnalogPulseRateHz;
            long maxPeriodUs = BoardConfig.Max30102PollMs * 1000L;
            long maxSampleUs = 1000000 / BoardConfig.Max30102RateHz;
            long edaPeriodUs = 1000000 / BoardConfig.EdaRateHz;
            long start = (long)HighResTimer.GetCurrent();
            long nextPulse = start, nextMax = start, nextEda = start;
            while (true)
            {
                long nowUs = (long)HighResTimer.GetCurrent();
                if (s_analogPulse != null && nowUs >= nextPulse)
                {
                    int raw = s_analogPulse.ReadRaw();
                    long t = (long)HighResTimer.GetCurrent();
                    lock (s_lock) { unit.PushPulse(raw, t); }
                    nextPulse = Advance(nextPulse, pulsePeriodUs, nowUs);
                }
                if (s_max30102 != null && nowUs >= nextMax)
                {
                    int n = s_max30102.Poll(nowUs / 1000);
                    long tRead = (long)HighResTimer.GetCurrent();
                    if (n > 0)
                    {
                        int[] ir = s_max30102.IrSamples;
                        lock (s_lock)
                        {
                            for (int k = 0; k < n; k++) unit.PushPulse(ir[k], tRead - (n - 1 - k) * maxSampleUs);
                        }
                    }
                    nextMax = Advance(nextMax, maxPeriodUs, nowUs);
                }
                if (nowUs >= nextEda)
                {
                    int raw = -1;
                    if (s_ads1115 != null)
                    {
                        int uv;
                        if (s_ads1115.TryReadMicrovolts(nowUs / 1000, out uv)) raw = Bedside.Core.Drivers.Ads1115Registers.MicrovoltsToAdc12Counts(uv);
                    }
                    else if (s_groveGsr != null) raw = s_groveGsr.ReadRaw();
                    if (raw >= 0)
                    {
                        long t = (long)HighResTimer.GetCurrent();
                        lock (s_lock) { unit.PushEda(raw, t); }
                    }
                    nextEda = Advance(nextEda, edaPeriodUs, nowUs);
                }
                UpdateSensorAvailability(false);

                long next = nextEda;
                if (s_analogPulse != null && nextPulse < next) next = nextPulse;
                if (s_max30102 != null && nextMax < next) next = nextMax;
                long waitUs = next - (long)HighResTimer.GetCurrent();
                Thread.Sleep(waitUs <= 1000 ? 1 : (int)(waitUs / 1000));
            }
        }

        /// <summary>Next due time: one period on, or one period from now when more than a period was missed.</summary>
        private static long Advance(long dueUs, long periodUs, long nowUs)
        {
            long next = dueUs + periodUs;
            return next <= nowUs - periodUs ? nowUs + periodUs : next;
        }

        private static bool s_pulseAvailable;
        private static bool s_edaAvailable;

        /// <summary>Forwards changes of sensor availability to the sensing hub (under the unit lock).</summary>
        private static void UpdateSensorAvailability(bool force)
        {
            bool pulse = s_analogPulse != null || (s_max30102 != null && !s_max30102.Unavailable);
            bool eda = s_groveGsr != null || (s_ads1115 != null && !s_ads1115.Unavailable);
            if (!force && pulse == s_pulseAvailable && eda == s_edaAvailable) return;
            s_pulseAvailable = pulse;
            s_edaAvailable = eda;
            lock (s_lock)
            {
                s_unit.Sensing.SetPulseAvailable(pulse);
                s_unit.Sensing.SetEdaAvailable(eda);
            }
        }

        /// <summary>
        /// Control thread at 20 Hz: the indicator LED follows Controller.IndicatorLevelQ15 (dim, steady, 10 s
        /// after a press; the resistor sets the dimness), the BLE bonding permission follows
        /// Controller.PairingWindowOpen (the core times the 60 s window; a client enrolling inside it closes it
        /// early), the caregiver's "forget all clients" deletes every bond, and once a second a live status
        /// notification is encoded by the core (LiveStatus.EncodeFrom: unit.Physio and unit.Controller) under the
        /// unit lock and sent outside it.
        /// </summary>
        private static void ControlLoop()
        {
            BedsideUnit unit = s_unit;
            byte[] status = new byte[LiveStatus.WireSize];
            long nextStatusMs = 0;
            while (true)
            {
                long now = NowMs();
                bool pairing, forget, due = now >= nextStatusMs;
                int ledQ15;
                lock (s_lock)
                {
                    forget = unit.Controller.TakeForgetClientsRequest();
                    pairing = unit.Controller.PairingWindowOpen;
                    ledQ15 = unit.Controller.IndicatorLevelQ15;
                    if (due) LiveStatus.EncodeFrom(unit, status, 0);
                }
                if (forget) s_ble.DeleteAllBonds();
                s_ble.Tick(pairing);
                s_gatt.SetSensorFlags(!s_pulseAvailable, !s_edaAvailable);
                s_led.SetPattern(ledQ15 > 0 ? LedPattern.On : LedPattern.Off);
                s_led.Tick(now);
                if (due)
                {
                    nextStatusMs = now + StatusPeriodMs;
                    s_gatt.PublishStatus(status);
                    s_ble.NotifyStatus();
                }
                Health.Beat(ControlSlot, now);
                Thread.Sleep(ControlLoopMs);
            }
        }

        private static long NowMs() { return (long)(HighResTimer.GetCurrent() / 1000); }
    }
}
