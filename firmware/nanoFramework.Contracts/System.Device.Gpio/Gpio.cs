using System;

namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

    [Flags]
    public enum PinEventTypes
    {
        None = 0,
        Rising = 1,
        Falling = 2,
    }

    public enum PinNumberingScheme
    {
        Logical,
        Board,
    }

    public struct PinValue
    {
        public static PinValue Low { get { throw new NotSupportedException(); } }
        public static PinValue High { get { throw new NotSupportedException(); } }
        public static implicit operator PinValue(int value) { throw new NotSupportedException(); }
        public static implicit operator PinValue(bool value) { throw new NotSupportedException(); }
        public static explicit operator int(PinValue value) { throw new NotSupportedException(); }
        public static bool operator ==(PinValue a, PinValue b) { throw new NotSupportedException(); }
        public static bool operator !=(PinValue a, PinValue b) { throw new NotSupportedException(); }
        public override bool Equals(object obj) { throw new NotSupportedException(); }
        public override int GetHashCode() { throw new NotSupportedException(); }
    }

    public class PinValueChangedEventArgs : EventArgs
    {
        public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber) { throw new NotSupportedException(); }
        public PinEventTypes ChangeType { get { throw new NotSupportedException(); } }
        public int PinNumber { get { throw new NotSupportedException(); } }
    }

    public delegate void PinValueChangedEventHandler(object sender, PinValueChangedEventArgs e);

    public delegate void PinChangeEventHandler(object sender, PinValueChangedEventArgs pinValueChangedEventArgs);

    public sealed class GpioPin : IDisposable
    {
        private GpioPin() { }
        public int PinNumber { get { throw new NotSupportedException(); } }
        public TimeSpan DebounceTimeout { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public PinValue Read() { throw new NotSupportedException(); }
        public void Write(PinValue value) { throw new NotSupportedException(); }
        public void Toggle() { throw new NotSupportedException(); }
        public void SetPinMode(PinMode value) { throw new NotSupportedException(); }
        public PinMode GetPinMode() { throw new NotSupportedException(); }
        public bool IsPinModeSupported(PinMode pinMode) { throw new NotSupportedException(); }
        public event PinValueChangedEventHandler ValueChanged { add { throw new NotSupportedException(); } remove { throw new NotSupportedException(); } }
        public void Dispose() { throw new NotSupportedException(); }
    }

    public class GpioController : IDisposable
    {
        public GpioController() { throw new NotSupportedException(); }
        public GpioController(PinNumberingScheme numberingScheme) { throw new NotSupportedException(); }
        public int PinCount { get { throw new NotSupportedException(); } }
        public GpioPin OpenPin(int pinNumber) { throw new NotSupportedException(); }
        public GpioPin OpenPin(int pinNumber, PinMode mode) { throw new NotSupportedException(); }
        public void ClosePin(int pinNumber) { throw new NotSupportedException(); }
        public bool IsPinOpen(int pinNumber) { throw new NotSupportedException(); }
        public void SetPinMode(int pinNumber, PinMode mode) { throw new NotSupportedException(); }
        public PinMode GetPinMode(int pinNumber) { throw new NotSupportedException(); }
        public bool IsPinModeSupported(int pinNumber, PinMode mode) { throw new NotSupportedException(); }
        public PinValue Read(int pinNumber) { throw new NotSupportedException(); }
        public void Write(int pinNumber, PinValue value) { throw new NotSupportedException(); }
        public void RegisterCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) { throw new NotSupportedException(); }
        public void UnregisterCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) { throw new NotSupportedException(); }
        public void Dispose() { throw new NotSupportedException(); }
    }
}
