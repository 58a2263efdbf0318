using System;

namespace nanoFramework.Runtime.Native
{
    public enum RebootOption
    {
        NormalReboot = 0,
    }

    public static class Power
    {
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) { throw new NotSupportedException(); }
    }

    public static class GC
    {
        /// <summary>Runs the collector; returns free bytes.</summary>
        public static uint Run(bool compactHeap) { throw new NotSupportedException(); }
    }

    public static class SystemInfo
    {
        public static string TargetName { get { throw new NotSupportedException(); } }
        public static string Platform { get { throw new NotSupportedException(); } }
    }
}
