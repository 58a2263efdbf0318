using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Threading;
using Bedside.Core.Drivers;
using Bedside.Core.Protocol;
using Bedside.Device.Ble;
using Bedside.Device.Board;
using Bedside.Device.Drivers;
using nanoFramework.Hardware.Esp32;

namespace Bedside.Device
{
    /// <summary>
    /// Composition root of the ESP32 unit. At this stage it wires what exists: drivers, BLE service, health
    /// supervision and the thread structure (audio, sensors, control), each thread wrapped by FailSilent.
    /// The engine, sensing pipeline and therapy state machine are connected at integration: the marked
    /// places below are where they plug in. Until then the amplifier stays muted and the audio thread keeps
    /// the I2S clocks running with silence.
    /// </summary>
    public static class Program
    {
        public const int AudioSlot = 0;
        public const int ControlSlot = 1;
        /// <summary>Audio thread heartbeat deadline: 2 blocks of 32 ms plus slack for GC.</summary>
        public const int AudioDeadlineMs = 500;
        public const int ControlDeadlineMs = 2000;
        public const int ControlTickMs = 50;
        /// <summary>Interim: a press held this long opens the pairing window (until the core gesture recogniser is wired).</summary>
        public const int PairingHoldMs = 5000;

        private static readonly HealthMonitor Health = new HealthMonitor();

        private static I2sAudioOut s_audio;
        private static ButtonInput s_button;
        private static IndicatorLed s_led;
        private static BleGattService s_ble;
        private static Tpl5010Watchdog s_watchdog;
        private static Max30102Sensor s_max30102;
        private static Ads1115Sensor s_ads1115;
        private static AnalogPulseSensor s_analogPulse;
        private static GroveGsrSensor s_groveGsr;

        public static void Main()
        {
            FailSilent.Init(Health);
            try
            {
                GpioController gpio = new GpioController();
                // Amplifier first: its constructor pulls the shutdown pin low before anything else runs.
                s_audio = new I2sAudioOut(gpio, BoardConfig.AudioSampleRateHz, BoardConfig.AudioBlockSamples, BoardConfig.AudioDmaBytes);
                s_led = new IndicatorLed(gpio);
                s_button = new ButtonInput(gpio);

                CreateSensors(gpio);

                BedsideProtocol protocol = new BedsideProtocol();
                // INTEGRATION: protocol.Load(storedPreset, storedSettings); pass the session log as ILogImageSource.
                s_ble = new BleGattService(protocol, null, (int)BoardConfig.Pulse, (int)BoardConfig.Eda);
                bool bleOk;
                try
                {
                    bleOk = s_ble.Start(BoardConfig.BleDeviceName);
                }
                catch (Exception)
                {
                    bleOk = false;
                }
                // Without BLE the unit still plays and senses (presets from storage); no reboot loop over a radio fault.
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
                if (BoardConfig.Pulse == PulseSensorKind.Max30102 || BoardConfig.Eda == EdaSensorKind.Ads1115) bus = new I2cSensorBus(gpio);
            }
            catch (Exception) { bus = null; }
            try
            {
                if (BoardConfig.Pulse == PulseSensorKind.Analog || BoardConfig.Eda == EdaSensorKind.GroveAnalog) adc = new AdcController();
            }
            catch (Exception) { adc = null; }
            try { if (bus != null && BoardConfig.Pulse == PulseSensorKind.Max30102) s_max30102 = new Max30102Sensor(bus); } catch (Exception) { s_max30102 = null; }
            try { if (adc != null && BoardConfig.Pulse == PulseSensorKind.Analog) s_analogPulse = new AnalogPulseSensor(adc); } catch (Exception) { s_analogPulse = null; }
            try { if (bus != null && BoardConfig.Eda == EdaSensorKind.Ads1115) s_ads1115 = new Ads1115Sensor(bus); } catch (Exception) { s_ads1115 = null; }
            try { if (adc != null && BoardConfig.Eda == EdaSensorKind.GroveAnalog) s_groveGsr = new GroveGsrSensor(adc); } catch (Exception) { s_groveGsr = null; }
        }

        /// <summary>
        /// Audio thread: one paced block per iteration (never a blocking I2S write, see I2sAudioOut).
        /// INTEGRATION: render the engine's next block into a byte[] and call s_audio.WritePaced(block, n);
        /// call s_audio.Start() when the therapy layer leaves Standby, s_audio.Stop() when it returns.
        /// </summary>
        private static void AudioLoop()
        {
            while (true)
            {
                s_audio.WriteSilence();
                Health.Beat(AudioSlot, NowMs());
            }
        }

        /// <summary>
        /// Sensor thread: MAX30102 FIFO every 80 ms (100 samples/s inside), analog pulse at 100 Hz,
        /// EDA at 20 Hz; timestamps from HighResTimer. INTEGRATION: hand samples to the core sensing.
        /// </summary>
        private static void SensorLoop()
        {
            long nextEdaMs = 0;
            long nextMaxMs = 0;
            while (true)
            {
                long now = NowMs();
                if (s_max30102 != null && now >= nextMaxMs)
                {
                    nextMaxMs = now + 80;
                    s_max30102.Poll(now); // samples in s_max30102.IrSamples[0..n)
                }
                if (s_analogPulse != null) s_analogPulse.ReadRaw();
                if (now >= nextEdaMs)
                {
                    nextEdaMs = now + 50;
                    int uv;
                    if (s_ads1115 != null) s_ads1115.TryReadMicrovolts(now, out uv);
                    if (s_groveGsr != null) s_groveGsr.ReadRaw();
                }
                Thread.Sleep(s_analogPulse != null ? 10 : 20);
            }
        }

        /// <summary>
        /// Control thread at 20 Hz: button edges, pairing window, LED, BLE status once a second.
        /// INTEGRATION: feed debounced edges to the core gesture recogniser and tick the therapy state machine.
        /// </summary>
        private static void ControlLoop()
        {
            long pressedAtMs = -1;
            long nextStatusMs = 0;
            while (true)
            {
                long now = NowMs();
                bool pressed;
                long tMs;
                while (s_button.TryGetEdge(out pressed, out tMs))
                    pressedAtMs = pressed ? tMs : -1;
                if (pressedAtMs >= 0 && now - pressedAtMs >= PairingHoldMs)
                {
                    s_ble.OpenPairingWindow(now);
                    pressedAtMs = -1;
                }
                s_ble.Tick(now);
                bool pulseDown = s_max30102 != null && s_max30102.Unavailable;
                bool edaDown = s_ads1115 != null && s_ads1115.Unavailable;
                s_ble.SetSensorFlags(pulseDown, edaDown);
                s_led.SetPattern(s_ble.Window.IsOpen(now) ? LedPattern.SlowBlink : (pulseDown || edaDown) ? LedPattern.FastBlink : LedPattern.Off);
                s_led.Tick(now);
                if (now >= nextStatusMs)
                {
                    nextStatusMs = now + 1000;
                    // Standby, no valid rate, arousal unknown, silent: the truth until the core is wired.
                    s_ble.NotifyStatus(0, 0, 0, 0, 0, 0, -9600, pulseDown ? 0 : 1, edaDown ? 0 : 1);
                }
                Health.Beat(ControlSlot, now);
                Thread.Sleep(ControlTickMs);
            }
        }

        private static long NowMs() { return (long)(HighResTimer.GetCurrent() / 1000); }
    }
}
