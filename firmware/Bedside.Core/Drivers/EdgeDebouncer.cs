namespace Bedside.Core.Drivers
{
    /// <summary>
    /// Debounces raw button edges from the GPIO interrupt: an edge is accepted only if it changes the
    /// accepted level and comes at least DebounceMs after the previously accepted edge. Contact bounce of a
    /// tactile switch lasts well under 10 ms; 25 ms also rejects a shaky hand without losing real presses.
    /// </summary>
    public sealed class EdgeDebouncer
    {
        public const int DefaultDebounceMs = 25;

        private readonly int _debounceMs;
        private bool _pressed;
        private long _lastAcceptedMs;
        private bool _any;

        /// <summary>debounceMs 1..500 (clamped).</summary>
        public EdgeDebouncer(int debounceMs)
        {
            if (debounceMs < 1) debounceMs = 1; else if (debounceMs > 500) debounceMs = 500;
            _debounceMs = debounceMs;
        }

        public bool Pressed { get { return _pressed; } }

        /// <summary>Feeds one raw edge; true when it is accepted as a real transition.</summary>
        public bool Accept(bool pressed, long tMs)
        {
            if (pressed == _pressed) return false;
            if (_any && tMs - _lastAcceptedMs < _debounceMs) return false;
            _pressed = pressed;
            _lastAcceptedMs = tMs;
            _any = true;
            return true;
        }
    }
}
