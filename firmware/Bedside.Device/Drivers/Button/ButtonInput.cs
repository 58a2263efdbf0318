using System;
using System.Device.Gpio;
using Bedside.Core.Drivers;
using Bedside.Core.Runtime;
using Bedside.Device.Board;
using nanoFramework.Hardware.Esp32;

namespace Bedside.Device.Drivers
{
    /// <summary>
    /// The caregiver button: GPIO 27 to GND, pull-up, interrupt on both edges. The interrupt handler only
    /// timestamps the raw edge (HighResTimer, ms) and pushes it into a pre-allocated EdgeQueue; the
    /// core's audio loop (an <see cref="IEdgeSource"/> to it) drains it through EdgeDebouncer right before each control tick and hands the clean edges,
    /// with their interrupt timestamps, to BedsideUnit.OnButtonEdge (the core's gesture logic).
    /// Native debounce is off (DebounceTimeout 0) so no edge is lost before the core sees it.
    /// </summary>
    public sealed class ButtonInput : IEdgeSource
    {
        private readonly GpioPin _pin;
        private readonly EdgeQueue _queue = new EdgeQueue(32);
        private readonly EdgeDebouncer _debouncer = new EdgeDebouncer(EdgeDebouncer.DefaultDebounceMs);

        public ButtonInput(GpioController gpio)
        {
            _pin = gpio.OpenPin(PinMap.Button, PinMode.InputPullUp);
            _pin.DebounceTimeout = TimeSpan.Zero;
            _pin.ValueChanged += OnValueChanged;
        }

        /// <summary>Raw edges dropped because the queue was full (should stay 0).</summary>
        public int DroppedEdges { get { return _queue.Dropped; } }

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            long tMs = (long)(HighResTimer.GetCurrent() / 1000);
            _queue.Push(e.ChangeType == PinEventTypes.Falling, tMs); // active low: falling = pressed
        }

        /// <summary>Next debounced edge (pressed = true on press), or false when none is waiting. One consumer thread only (the audio thread, before ControlTick).</summary>
        public bool TryGetEdge(out bool pressed, out long tMs)
        {
            bool p;
            long t;
            while (_queue.TryPop(out p, out t))
            {
                if (_debouncer.Accept(p, t))
                {
                    pressed = p;
                    tMs = t;
                    return true;
                }
            }
            pressed = false;
            tMs = 0;
            return false;
        }
    }
}
