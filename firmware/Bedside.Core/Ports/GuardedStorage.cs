namespace Bedside.Core.Ports
{
    /// <summary>
    /// An IStorage that never throws: it forwards every call to an inner store and turns an exception from it
    /// (a driver or file-system fault) into the failure return the port already defines (Read 0, Write/Erase
    /// false, RegionSize/RegionCount 0) and counts it. The controller wraps whatever storage a host hands it in
    /// one of these, so a faulty store can cost a save or a load, never the session: the unit keeps playing and
    /// the fault goes into the session log (LogHeaderFlags.StorageFault).
    /// No allocation (an exception is only caught, never created here).
    /// </summary>
    public sealed class GuardedStorage : IStorage
    {
        private readonly IStorage _inner;
        private int _faults;

        /// <summary>inner may be null: every call then fails (as a store with no regions).</summary>
        public GuardedStorage(IStorage inner) { _inner = inner; }

        /// <summary>Exceptions caught from the inner store since construction.</summary>
        public int FaultCount { get { return _faults; } }

        public int RegionCount
        {
            get
            {
                if (_inner == null) return 0;
                try { return _inner.RegionCount; }
                catch (System.Exception) { _faults++; return 0; }
            }
        }

        public int RegionSize(int region)
        {
            if (_inner == null) return 0;
            try { return _inner.RegionSize(region); }
            catch (System.Exception) { _faults++; return 0; }
        }

        public int Read(int region, int offset, byte[] dst, int dstOffset, int count)
        {
            if (_inner == null) return 0;
            try { return _inner.Read(region, offset, dst, dstOffset, count); }
            catch (System.Exception) { _faults++; return 0; }
        }

        public bool Write(int region, int offset, byte[] src, int srcOffset, int count)
        {
            if (_inner == null) return false;
            try { return _inner.Write(region, offset, src, srcOffset, count); }
            catch (System.Exception) { _faults++; return false; }
        }

        public bool Erase(int region)
        {
            if (_inner == null) return false;
            try { return _inner.Erase(region); }
            catch (System.Exception) { _faults++; return false; }
        }
    }
}
