using System;

namespace System.Device.Adc
{
    public enum AdcChannelMode
    {
        SingleEnded = 0,
        Differential,
    }

    public class AdcController
    {
        public AdcController() { throw new NotSupportedException(); }
        public int ChannelCount { get { throw new NotSupportedException(); } }
        public int MaxValue { get { throw new NotSupportedException(); } }
        public int MinValue { get { throw new NotSupportedException(); } }
        public int ResolutionInBits { get { throw new NotSupportedException(); } }
        public AdcChannelMode ChannelMode { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
        public bool IsChannelModeSupported(AdcChannelMode mode) { throw new NotSupportedException(); }
        public AdcChannel OpenChannel(int channelNumber) { throw new NotSupportedException(); }
    }

    public class AdcChannel : IDisposable
    {
        private AdcChannel() { }
        public AdcController Controller { get { throw new NotSupportedException(); } }
        public int ReadValue() { throw new NotSupportedException(); }
        public double ReadRatio() { throw new NotSupportedException(); }
        public void Dispose() { throw new NotSupportedException(); }
    }
}
