using Bedside.Core.Settings;

namespace Bedside.Core.Therapy
{
    /// <summary>
    /// Master level: the caregiver's level (3 dB steps, never above the therapist cap) times a fade envelope.
    /// Output (centi-dB) = min(cap, user level slewed + fade attenuation); at or below FadeFloorCentiDb of
    /// attenuation the output is silence (-9600). Fades are linear in dB over FadeRangeCentiDb (60 dB):
    /// fade-in from −24 dB at 6 dB/s (4 s), stop fade-out 3 s (≥ 2 s), timer fade-out 180 s (≥ 3 min). The user level glides
    /// at ≤ 6 dB/s so a step never jumps. Internal values carry 16 extra fraction bits (x_Q16 = centiDb &lt;&lt; 16)
    /// so rates stay exact at any tick rate.
    /// </summary>
    public sealed class LevelControl
    {
        public const int SilenceCentiDb = -9600;
        public const int FadeRangeCentiDb = 6000;
        public const int FadeInMs = 4000;
        public const int StopFadeOutMs = 3000;
        public const int TimerFadeOutMs = 180000;
        public const int UserSlewCentiDbPerS = 600;

        private int _capCentiDb = DeviceSettings.FactoryMaxLevelCentiDb;
        private int _userCentiDb = -3000;
        private long _userSlewQ16 = -3000L << 16;
        private long _attQ16 = -(long)FadeRangeCentiDb << 16;   // fade attenuation, -6000..0 (Q16)
        private int _fadeDir;            // +1 fading in, -1 fading out, 0 steady
        private int _fadeMs = FadeInMs;  // duration of the current fade over the full range
        private int _outCentiDb = SilenceCentiDb;

        /// <summary>Current output level, centi-dB (SilenceCentiDb .. cap).</summary>
        public int OutputCentiDb { get { return _outCentiDb; } }
        /// <summary>Caregiver level target, centi-dB (MinLevelCentiDb .. cap).</summary>
        public int UserCentiDb { get { return _userCentiDb; } }
        public int CapCentiDb { get { return _capCentiDb; } }
        public bool FadingIn { get { return _fadeDir > 0; } }
        public bool FadingOut { get { return _fadeDir < 0; } }
        /// <summary>True when the fade-out has reached silence (or before any fade-in).</summary>
        public bool Silent { get { return _attQ16 <= -((long)FadeRangeCentiDb << 16); } }
        /// <summary>True once a fade-in has reached full level.</summary>
        public bool FullyIn { get { return _attQ16 >= 0; } }

        /// <summary>Therapist cap, MinLevelCentiDb .. FactoryMaxLevelCentiDb (clamped). Lowers the user level at once if needed.</summary>
        public void SetCap(int capCentiDb)
        {
            if (capCentiDb > DeviceSettings.FactoryMaxLevelCentiDb) capCentiDb = DeviceSettings.FactoryMaxLevelCentiDb;
            if (capCentiDb < DeviceSettings.MinLevelCentiDb) capCentiDb = DeviceSettings.MinLevelCentiDb;
            _capCentiDb = capCentiDb;
            if (_userCentiDb > capCentiDb) _userCentiDb = capCentiDb;
            if (_userSlewQ16 > ((long)capCentiDb << 16)) _userSlewQ16 = (long)capCentiDb << 16;
            Compose();
        }

        /// <summary>Sets the user level at once (no glide), MinLevelCentiDb .. cap (clamped). Use while silent.</summary>
        public void SetUserImmediate(int levelCentiDb)
        {
            _userCentiDb = ClampUser(levelCentiDb);
            _userSlewQ16 = (long)_userCentiDb << 16;
            Compose();
        }

        /// <summary>One step of ±LevelStepCentiDb (sign of direction). Returns false when already at the cap / minimum.</summary>
        public bool Step(int direction)
        {
            int want = _userCentiDb + (direction > 0 ? DeviceSettings.LevelStepCentiDb : -DeviceSettings.LevelStepCentiDb);
            int got = ClampUser(want);
            if (got == _userCentiDb) return false;
            _userCentiDb = got;
            return true;
        }

        /// <summary>A fade-in from silence starts this far below the level (hundredths of a dB) and rises at 6 dB/s (4 s).</summary>
        public const int FadeInStartCentiDb = 2400;

        /// <summary>
        /// Start a fade-in from the current attenuation. From silence (session start) it starts at −FadeInStartCentiDb
        /// (audible at once, the music's own attacks shape the first second) and rises at UserSlewCentiDbPerS, the fastest
        /// the level may rise: full level after FadeInMs, within 6 dB after 3 s.
        /// </summary>
        public void FadeIn()
        {
            if (_attQ16 < -((long)FadeInStartCentiDb << 16)) _attQ16 = -((long)FadeInStartCentiDb << 16);
            _fadeDir = 1;
            _fadeMs = (int)((long)FadeRangeCentiDb * 1000 / UserSlewCentiDbPerS);
        }

        /// <summary>Start a fade-out over fullRangeMs for the whole 60 dB range (clamped to ≥ StopFadeOutMs).</summary>
        public void FadeOut(int fullRangeMs)
        {
            if (fullRangeMs < StopFadeOutMs) fullRangeMs = StopFadeOutMs;
            _fadeDir = -1; _fadeMs = fullRangeMs;
        }

        /// <summary>Force silence (Standby).</summary>
        public void Silence() { _fadeDir = 0; _attQ16 = -((long)FadeRangeCentiDb << 16); Compose(); }

        /// <summary>Advance by dtMs (0..1000, caller clamps).</summary>
        public void Process(int dtMs)
        {
            long full = (long)FadeRangeCentiDb << 16;
            if (_fadeDir != 0)
            {
                // step = range * dt / fadeMs  (Q16)
                long step = full * dtMs / _fadeMs;
                if (_fadeDir > 0) { _attQ16 += step; if (_attQ16 >= 0) { _attQ16 = 0; _fadeDir = 0; } }
                else { _attQ16 -= step; if (_attQ16 <= -full) { _attQ16 = -full; _fadeDir = 0; } }
            }
            // user glide: ≤ UserSlewCentiDbPerS
            long target = (long)_userCentiDb << 16;
            long maxStep = ((long)UserSlewCentiDbPerS << 16) * dtMs / 1000;
            long d = target - _userSlewQ16;
            if (d > maxStep) d = maxStep;
            if (d < -maxStep) d = -maxStep;
            _userSlewQ16 += d;
            Compose();
        }

        private void Compose()
        {
            if (_attQ16 <= -((long)FadeRangeCentiDb << 16)) { _outCentiDb = SilenceCentiDb; return; }
            long v = (_userSlewQ16 + _attQ16) >> 16;
            if (v > _capCentiDb) v = _capCentiDb;
            if (v < SilenceCentiDb) v = SilenceCentiDb;
            _outCentiDb = (int)v;
        }

        private int ClampUser(int v)
        {
            if (v > _capCentiDb) v = _capCentiDb;
            if (v < DeviceSettings.MinLevelCentiDb) v = DeviceSettings.MinLevelCentiDb;
            return v;
        }
    }
}
