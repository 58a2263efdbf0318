namespace Bedside.Core.Protocol
{
    /// <summary>
    /// Pairing policy: bonding is allowed only inside a window of GattProfile.PairingWindowMs opened from the
    /// button, and only while fewer than GattProfile.MaxBonds bonds are stored. Time is an argument (ms).
    /// </summary>
    public sealed class PairingWindow
    {
        private bool _open;
        private long _closesAtMs;

        /// <summary>Opens (or re-opens) the window for PairingWindowMs from nowMs.</summary>
        public void Open(long nowMs)
        {
            _open = true;
            _closesAtMs = nowMs + GattProfile.PairingWindowMs;
        }

        public void Close() { _open = false; }

        public bool IsOpen(long nowMs)
        {
            if (_open && nowMs >= _closesAtMs) _open = false;
            return _open;
        }

        /// <summary>Milliseconds left in the window (0 when closed).</summary>
        public int RemainingMs(long nowMs)
        {
            if (!IsOpen(nowMs)) return 0;
            return (int)(_closesAtMs - nowMs);
        }

        /// <summary>Bonding policy for a window kept elsewhere (BedsideController.PairingWindowOpen on the device):
        /// true when the window is open and fewer than GattProfile.MaxBonds bonds are stored.</summary>
        public static bool BondingAllowed(bool windowOpen, int bondCount)
        {
            return windowOpen && bondCount >= 0 && bondCount < GattProfile.MaxBonds;
        }

        /// <summary>True when a new bond may be made now: window open and the bond store not full.</summary>
        public bool MayBond(long nowMs, int bondCount)
        {
            return IsOpen(nowMs) && bondCount >= 0 && bondCount < GattProfile.MaxBonds;
        }
    }
}
