using System;
using System.Threading;
using Bedside.Core.Drivers;
using Bedside.Device.Drivers;
using nanoFramework.Runtime.Native;

namespace Bedside.Device
{
    /// <summary>
    /// Fail-silent policy. Every thread body runs inside Guard: any exception mutes the amplifier first
    /// (shutdown pin low), latches the health fault (the external watchdog is no longer fed), logs, and
    /// reboots; after the reboot the unit starts in silent Standby (the amplifier is held off by its
    /// pull-down until the therapy layer asks for sound). If the reboot call itself fails, the TPL5010
    /// resets the board within one period because it is no longer fed.
    /// </summary>
    public sealed class FailSilent
    {
        private static HealthMonitor s_health;

        private readonly string _name;
        private readonly ThreadStart _body;

        private FailSilent(string name, ThreadStart body)
        {
            _name = name;
            _body = body;
        }

        public static void Init(HealthMonitor health) { s_health = health; }

        /// <summary>Starts body on a new thread wrapped by the fail-silent guard.</summary>
        public static Thread Start(string name, ThreadStart body, ThreadPriority priority)
        {
            FailSilent g = new FailSilent(name, body);
            Thread t = new Thread(new ThreadStart(g.Guard));
            t.Priority = priority;
            t.Start();
            return t;
        }

        private void Guard()
        {
            try
            {
                _body();
            }
            catch (Exception ex)
            {
                Fault(_name, ex);
            }
        }

        /// <summary>Mute → latch fault → log → reboot. Never returns normally.</summary>
        public static void Fault(string where, Exception ex)
        {
            I2sAudioOut.EmergencyMute();
            HealthMonitor h = s_health;
            if (h != null) h.Fault();
            try
            {
                Console.WriteLine("FAULT in " + where + ": " + (ex == null ? "?" : ex.Message));
            }
            catch (Exception)
            {
                // logging must not stop the reboot
            }
            Thread.Sleep(200);
            Power.RebootDevice();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
