namespace Bedside.Core.Drivers
{
    /// <summary>What the driver should do after reporting a transfer result.</summary>
    public enum SensorAction : byte
    {
        None = 0,
        /// <summary>Run I2cBusRecovery and re-initialise the sensor.</summary>
        RecoverBus = 1,
        /// <summary>Give up for now: report the sensor unavailable (therapy falls back) until RetryAfterMs.</summary>
        MarkUnavailable = 2,
    }

    /// <summary>
    /// Failure bookkeeping for one I2C sensor. After FailuresBeforeRecovery consecutive failed transfers the
    /// bus is recovered; after RecoveriesBeforeUnavailable recoveries without a good transfer in between the
    /// sensor is reported unavailable and not touched again for RetryAfterMs (so a dead sensor cannot keep
    /// stalling the runtime with ~1 s native timeouts). Time is an argument (ms since boot).
    /// </summary>
    public sealed class SensorHealth
    {
        public const int FailuresBeforeRecovery = 3;
        public const int RecoveriesBeforeUnavailable = 2;
        public const int RetryAfterMs = 30000;

        private int _consecutiveFailures;
        private int _recoveries;
        private bool _unavailable;
        private long _retryAtMs;

        /// <summary>True while the sensor is given up on (the therapy layer sees it as absent).</summary>
        public bool Unavailable { get { return _unavailable; } }

        public int ConsecutiveFailures { get { return _consecutiveFailures; } }

        /// <summary>False while unavailable and the retry time has not come; at the retry time one probe is allowed.</summary>
        public bool MayAccess(long nowMs)
        {
            if (!_unavailable) return true;
            return nowMs >= _retryAtMs;
        }

        /// <summary>Records one transfer outcome and says what to do next.</summary>
        public SensorAction Report(bool ok, long nowMs)
        {
            if (ok)
            {
                _consecutiveFailures = 0;
                _recoveries = 0;
                _unavailable = false;
                return SensorAction.None;
            }
            if (_unavailable)
            {
                // the retry probe failed: wait another period
                _retryAtMs = nowMs + RetryAfterMs;
                return SensorAction.MarkUnavailable;
            }
            _consecutiveFailures++;
            if (_consecutiveFailures < FailuresBeforeRecovery) return SensorAction.None;
            _consecutiveFailures = 0;
            if (_recoveries >= RecoveriesBeforeUnavailable)
            {
                _unavailable = true;
                _recoveries = 0;
                _retryAtMs = nowMs + RetryAfterMs;
                return SensorAction.MarkUnavailable;
            }
            _recoveries++;
            return SensorAction.RecoverBus;
        }
    }
}
