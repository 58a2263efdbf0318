namespace Bedside.Core.Input
{
    /// <summary>What the button decoder recognised. The controller maps gestures to actions by state.</summary>
    public enum Gesture : byte
    {
        None = 0,
        /// <summary>One short press (then 400 ms of quiet).</summary>
        Press1 = 1,
        /// <summary>Two short presses.</summary>
        Press2 = 2,
        /// <summary>Three short presses.</summary>
        Press3 = 3,
        /// <summary>Four or more short presses: not part of the grammar (reported so it can be logged and ignored).</summary>
        PressMany = 4,
        /// <summary>Held for HoldMs (1.5 s); fired while still held.</summary>
        Hold = 5,
        /// <summary>Held for LongHoldMs (4 s); fired while still held (after Hold).</summary>
        LongHold = 6,
        /// <summary>Held for StuckMs (10 s): the button is treated as stuck and ignored until it is released.</summary>
        StuckDetected = 7,
        /// <summary>The stuck button was released; the decoder listens again.</summary>
        StuckCleared = 8,
    }

    /// <summary>
    /// Button gesture decoder fed with raw, bouncing edges and a control-rate tick.
    /// Debounce (asymmetric, by level stability): a press is accepted once the raw level has stayed pressed for
    /// PressStableMs (20 ms), a release once it has stayed released for ReleaseStableMs (60 ms). Contact chatter
    /// of 1-50 ms per bounce therefore never splits a press in two (a released gap must last 60 ms) and spikes
    /// shorter than 20 ms never make one. Timing uses the edge times, so irregular ticks do not matter.
    /// Presses shorter than HoldMs count; a group ends GapMs (400 ms) after the last release.
    /// Allocation-free after construction: gestures go into a fixed ring of 8 (oldest dropped when full).
    /// </summary>
    public sealed class ButtonDecoder
    {
        public const int PressStableMs = 20;
        public const int ReleaseStableMs = 60;
        public const int GapMs = 400;
        public const int HoldMs = 1500;
        public const int LongHoldMs = 4000;
        public const int StuckMs = 10000;
        private const int QueueSize = 8;

        private bool _raw;
        private long _rawSinceMs;
        private bool _pressed;          // debounced level
        private long _pressedAtMs;      // debounced press start (time the raw level went down)
        private long _lastReleaseMs;
        private int _count;             // short presses in the current group
        private bool _holdSent, _longSent, _stuck;
        private long _lastMs;
        private long _lastActivityMs;
        private bool _hasActivity;
        private readonly byte[] _queue = new byte[QueueSize];
        private int _qHead, _qCount;
        private int _droppedEdges;

        /// <summary>True while the debounced button is down (and not declared stuck).</summary>
        public bool IsPressed { get { return _pressed && !_stuck; } }
        public bool IsStuck { get { return _stuck; } }
        /// <summary>Time of the last accepted press or release (for the indicator); valid when HasActivity.</summary>
        public long LastActivityMs { get { return _lastActivityMs; } }
        /// <summary>True once any press or release has been accepted.</summary>
        public bool HasActivity { get { return _hasActivity; } }

        public void Reset(long nowMs)
        {
            _raw = false; _rawSinceMs = nowMs; _pressed = false; _count = 0;
            _holdSent = _longSent = _stuck = false; _lastMs = nowMs; _qCount = 0; _qHead = 0;
        }

        /// <summary>Raw edge from the GPIO interrupt: pressed = contact closed. Times may be irregular; a time
        /// earlier than the last one seen re-bases the decoder (all stored times shift, no time passes), so a
        /// clock that jumps back never freezes the button.</summary>
        public void OnEdge(bool pressed, long tMs)
        {
            if (tMs < _lastMs) Rebase(tMs);
            Advance(tMs);
            if (pressed == _raw) { _droppedEdges++; return; }
            _raw = pressed;
            _rawSinceMs = tMs;
        }

        /// <summary>Control-rate tick (any rate ≥ 10 Hz gives ≤ 100 ms gesture latency).</summary>
        public void Tick(long nowMs)
        {
            if (nowMs < _lastMs) Rebase(nowMs);
            Advance(nowMs);
        }

        /// <summary>Time went back: shift every stored time by the same amount so durations are unchanged.</summary>
        private void Rebase(long nowMs)
        {
            long d = _lastMs - nowMs;
            _rawSinceMs -= d; _pressedAtMs -= d; _lastReleaseMs -= d;
            _lastActivityMs -= d;
            _lastMs = nowMs;
        }

        /// <summary>Next recognised gesture, or Gesture.None.</summary>
        public Gesture Take()
        {
            if (_qCount == 0) return Gesture.None;
            Gesture g = (Gesture)_queue[_qHead];
            _qHead = (_qHead + 1) % QueueSize;
            _qCount--;
            return g;
        }

        private void Advance(long nowMs)
        {
            _lastMs = nowMs;
            // 1. debounce: accept the raw level when it has been stable long enough.
            if (_raw != _pressed)
            {
                int need = _raw ? PressStableMs : ReleaseStableMs;
                if (nowMs - _rawSinceMs >= need)
                {
                    if (_raw) AcceptPress(_rawSinceMs);
                    else AcceptRelease(_rawSinceMs);
                }
            }
            // 2. holds and stuck detection while down.
            if (_pressed && !_stuck)
            {
                long held = nowMs - _pressedAtMs;
                if (held >= StuckMs)
                {
                    _stuck = true; _count = 0;
                    Push(Gesture.StuckDetected);
                }
                else
                {
                    if (!_holdSent && held >= HoldMs) { _holdSent = true; _count = 0; Push(Gesture.Hold); }
                    if (!_longSent && held >= LongHoldMs) { _longSent = true; Push(Gesture.LongHold); }
                }
            }
            // 3. end of a press group.
            // (not while the raw line is down: a press in its debounce window continues the group)
            if (!_pressed && !_raw && _count > 0 && nowMs - _lastReleaseMs >= GapMs)
            {
                Push(_count == 1 ? Gesture.Press1 : _count == 2 ? Gesture.Press2 : _count == 3 ? Gesture.Press3 : Gesture.PressMany);
                _count = 0;
            }
        }

        private void AcceptPress(long tMs)
        {
            _pressed = true; _pressedAtMs = tMs; _holdSent = false; _longSent = false;
            _lastActivityMs = tMs; _hasActivity = true;
        }

        private void AcceptRelease(long tMs)
        {
            _pressed = false;
            _lastActivityMs = tMs; _hasActivity = true;
            if (_stuck) { _stuck = false; _count = 0; Push(Gesture.StuckCleared); return; }
            if (_holdSent) return; // a hold is not a press
            if (_count < 10) _count++;
            _lastReleaseMs = tMs;
        }

        private void Push(Gesture g)
        {
            if (_qCount == QueueSize) { _qHead = (_qHead + 1) % QueueSize; _qCount--; }
            _queue[(_qHead + _qCount) % QueueSize] = (byte)g;
            _qCount++;
        }
    }
}
