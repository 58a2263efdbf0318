using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Threading;
using Bedside.Core.Drivers;
using Bedside.Core.Ports;
using Bedside.Core.Protocol;
using Bedside.Core.Runtime;
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
    /// Composition root of the ESP32 unit: builds the drivers, wires them to the portable core and starts the threads.
    /// All behaviour lives in the core: <see cref="BedsideUnit"/> (sensing → therapy → composer → engine, cues,
    /// settings, session log, the same object the PC simulator runs) and the loops that drive it
    /// (Bedside.Core.Runtime: <see cref="AudioLoop"/>, <see cref="SensorLoop"/>, <see cref="ControlLoop"/>), which
    /// the host tests, the on-device timing test and the budget meter run over virtual parts. The drivers are the
    /// loops' ports (IAudioOut/IAmplifier: I2sAudioOut, IEdgeSource: ButtonInput, ISensor: the four sensor
    /// drivers, IIndicator: IndicatorLed, IClientLink: BleGattService, IClock: HighResClock). Threads (each wrapped
    /// by FailSilent; each body only repeats its loop's step):
    /// - audio (AboveNormal): <see cref="AudioLoop.Step"/> forever (the paced I2S write is its wait).
    /// - sensors (Normal): <see cref="SensorLoop.Step"/>, then sleep until the next sensor is due.
    /// - control (Normal): <see cref="ControlLoop.Step"/> every <see cref="Rates.ControlThreadPeriodMs"/>.
    /// - BLE handlers (the stack's threads): forward to BedsideProtocol, bound to the unit's controller.
    /// One lock (<see cref="s_lock"/> = BedsideProtocol.SyncRoot) serialises every call into the unit's
    /// controller and sensing: control ticks + button edges (audio loop), sensor pushes (sensor loop), BLE
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
        /// <summary>Extra wait after the last queued sample should have played before the amplifier is muted.</summary>
        public const int MuteMarginMs = 30;

        private static readonly HealthMonitor Health = new HealthMonitor();
        private static readonly object s_lock = new object();
        private static readonly HighResClock s_clock = new HighResClock();

        private static Tpl5010Watchdog s_watchdog;
        private static AnalogPulseSensor s_analogPulse;
        private static GroveGsrSensor s_groveGsr;
        private static ISensor s_pulse;
        private static ISensor s_eda;
        private static AudioLoop s_audioLoop;
        private static SensorLoop s_sensorLoop;
        private static ControlLoop s_controlLoop;

        public static void Main()
        {
            FailSilent.Init(Health);
            try
            {
                GpioController gpio = new GpioController();
                // Amplifier first: its constructor pulls the shutdown pin low before anything else runs.
                I2sAudioOut audio = new I2sAudioOut(gpio, BoardConfig.AudioSampleRateHz, BoardConfig.AudioBlockSamples, BoardConfig.AudioDmaBytes);
                IndicatorLed led = new IndicatorLed(gpio);
                ButtonInput button = new ButtonInput(gpio);

                CreateSensors(gpio);

                IStorage storage = DeviceStorage.Create();
                SensingHub hub = new SensingHub(
                    BoardConfig.Pulse == BoardPulse.Max30102 ? BoardConfig.Max30102RateHz : BoardConfig.AnalogPulseRateHz,
                    BoardConfig.Pulse == BoardPulse.Max30102 ? CorePulse.Max30102Ir18 : CorePulse.AnalogAdc12,
                    BoardConfig.EdaRateHz,
                    CoreEda.GroveAdc12); // the Grove GSR module, read directly on ADC1 or through the ADS1115 (converted to ADC1 counts)
                BedsideUnit unit = new BedsideUnit(storage, hub, BoardConfig.AudioSampleRateHz, BootSeed());
                long pulsePeriodUs = BoardConfig.Pulse == BoardPulse.Max30102 ? BoardConfig.Max30102PollMs * 1000L : 1000000L / BoardConfig.AnalogPulseRateHz;
                s_sensorLoop = new SensorLoop(unit, s_lock, s_pulse, pulsePeriodUs, s_eda, 1000000L / BoardConfig.EdaRateHz, s_clock.NowUs());
                Console.WriteLine("Bedside: settings from " + (unit.Controller.BootSettingsSource == SettingsSource.FactoryDefaults ? "factory defaults" : "store")
                    + "; " + DeviceStorage.Status);

                BedsideProtocol protocol = new BedsideProtocol(unit.Controller, s_lock);
                GattOperations gatt = new GattOperations(protocol, BoardConfig.FirmwareMajor, BoardConfig.FirmwareMinor, BoardConfig.FirmwarePatch,
                    BoardConfig.HardwareRevision, (int)BoardConfig.Pulse, (int)BoardConfig.Eda);
                gatt.Stir(BootSeed()); // access keys: a second boot-entropy draw, then the µs clock at every key request
                BleGattService ble = new BleGattService(gatt);
                bool bleOk;
                try
                {
                    bleOk = ble.Start(BoardConfig.BleDeviceName);
                }
                catch (Exception)
                {
                    bleOk = false;
                }
                // Without BLE the unit still plays and senses (settings from storage); no reboot loop over a radio fault.
                if (!bleOk) Console.WriteLine("BLE service failed to start; running without it");

                s_audioLoop = new AudioLoop(unit, s_lock, button, audio, audio, Health, AudioSlot, BoardConfig.AudioBlockSamples, MuteMarginMs);
                s_controlLoop = new ControlLoop(unit, s_lock, gatt, ble, led, s_sensorLoop, Health, ControlSlot);

                long now = s_clock.NowUs() / 1000;
                Health.Register(AudioSlot, AudioDeadlineMs, now);
                Health.Register(ControlSlot, ControlDeadlineMs, now);
                s_watchdog = new Tpl5010Watchdog(gpio, Health);

                FailSilent.Start("audio", new ThreadStart(AudioThread), ThreadPriority.AboveNormal);
                FailSilent.Start("sensors", new ThreadStart(SensorThread), ThreadPriority.Normal);
                FailSilent.Start("control", new ThreadStart(ControlThread), ThreadPriority.Normal);
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
            try { if (bus != null && BoardConfig.Pulse == BoardPulse.Max30102) s_pulse = new Max30102Sensor(bus); } catch (Exception) { s_pulse = null; }
            try { if (adc != null && BoardConfig.Pulse == BoardPulse.Analog) s_pulse = s_analogPulse = new AnalogPulseSensor(adc); } catch (Exception) { s_pulse = s_analogPulse = null; }
            try { if (bus != null && BoardConfig.Eda == BoardEda.Ads1115) s_eda = new Ads1115Sensor(bus); } catch (Exception) { s_eda = null; }
            try { if (adc != null && BoardConfig.Eda == BoardEda.GroveAnalog) s_eda = s_groveGsr = new GroveGsrSensor(adc); } catch (Exception) { s_eda = s_groveGsr = null; }
        }

        /// <summary>
        /// Per-boot music seed. Sources (documented in README): the µs clock at this point of the boot (the time
        /// nanoCLR start-up, assembly loading and peripheral set-up took varies from boot to boot by some µs) and
        /// the low bits of 32 readings of each fitted ADC1 sensor (quantisation and thermal noise). Mixed with an
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
                    // a fresh time per read takes a fresh conversion (the readings' timestamps are not used)
                    int raw;
                    long tUs;
                    long nowUs = (long)HighResTimer.GetCurrent() + i;
                    if (s_analogPulse != null && s_analogPulse.TryRead(nowUs, out raw, out tUs)) h = Mix(h, (uint)raw);
                    if (s_groveGsr != null && s_groveGsr.TryRead(nowUs, out raw, out tUs)) h = Mix(h, (uint)raw);
                }
                catch (Exception) { /* a failing ADC only removes entropy */ }
                h = Mix(h, (uint)HighResTimer.GetCurrent());
            }
            return h == 0 ? 0x9E3779B9u : h;
        }

        /// <summary>h' = (h XOR v) * 16777619 (FNV-1a prime, wrapping 32-bit).</summary>
        private static uint Mix(uint h, uint v) { return unchecked((h ^ v) * 16777619u); }

        /// <summary>Audio thread: the core's audio loop, one block per step (AudioLoop documents the step).</summary>
        private static void AudioThread()
        {
            AudioLoop loop = s_audioLoop;
            IClock clock = s_clock;
            while (true) loop.Step(clock);
        }

        /// <summary>Sensor thread: the core's sensor loop, then sleep until its next sensor is due (at least 1 ms).</summary>
        private static void SensorThread()
        {
            SensorLoop loop = s_sensorLoop;
            IClock clock = s_clock;
            while (true)
            {
                long nextUs = loop.Step(clock.NowUs());
                long waitUs = nextUs - clock.NowUs();
                Thread.Sleep(waitUs <= 1000 ? 1 : (int)(waitUs / 1000));
            }
        }

        /// <summary>Control thread: the core's control loop every Rates.ControlThreadPeriodMs.</summary>
        private static void ControlThread()
        {
            ControlLoop loop = s_controlLoop;
            IClock clock = s_clock;
            while (true)
            {
                loop.Step(clock.NowUs() / 1000);
                Thread.Sleep(Rates.ControlThreadPeriodMs);
            }
        }
    }
}
