namespace Bedside.Core.Therapy
{
    /// <summary>Condition a transition row needs besides its source state and event (evaluated by the machine).</summary>
    public enum TransitionGuard : byte
    {
        /// <summary>No condition.</summary>
        Always = 0,
        /// <summary>The program is Pain.</summary>
        Pain = 1,
        /// <summary>The program is not Pain.</summary>
        NotPain = 2,
        /// <summary>Attune has finished once in this session.</summary>
        Attuned = 3,
    }

    /// <summary>What a transition row does besides entering its target (run by the machine's one switch).</summary>
    public enum TransitionAction : byte
    {
        None = 0,
        /// <summary>New session: program and clock taken, timers and flags reset, controls matched to the listener, silence.</summary>
        BeginSession = 1,
        /// <summary>Stop fade (LevelControl.StopFadeOutMs) from the current level; the timer fade ends.</summary>
        StopFade = 2,
        /// <summary>Sleep-timer or session-limit fade (LevelControl.TimerFadeOutMs).</summary>
        TimerFade = 3,
        /// <summary>Resume: the sleep timer restarts and the controls may retarget upward.</summary>
        ResumeSession = 4,
        /// <summary>Attune done: the Guide reference and the attune level are the smoothed arousal now.</summary>
        KeepAttuneLevel = 5,
        /// <summary>Sensors back: the Guide reference is the arousal now and the slope restarts.</summary>
        Rebase = 6,
    }

    /// <summary>What entering or leaving a state does (run by the machine's one switch).</summary>
    public enum StateAction : byte
    {
        None = 0,
        /// <summary>Standby entry: the level is silent.</summary>
        Silence = 1,
        /// <summary>FadeIn entry: the level fades in from where it is (≥ 3 s from silence).</summary>
        FadeIn = 2,
        /// <summary>SensorLost entry: the session is marked open-loop.</summary>
        MarkOpenLoop = 3,
        /// <summary>FadeOut exit: the sleep timer's fade is over.</summary>
        EndTimerFade = 4,
    }

    /// <summary>
    /// The therapy state machine's transition table, the one source of its transitions: each row is
    /// (from, event, guard) → to with a transition action. Events are the TransitionReason values written to the trace.
    /// The machine takes the first row whose source is the current state, whose event is the one raised and whose
    /// guard holds; an event with no such row is ignored. A row whose target is its source is an internal transition:
    /// its action runs, the state, its timers and the trace stay. Entry and exit actions are per state (Entry, Exit).
    /// </summary>
    public static class TherapyTransitions
    {
        /// <summary>Columns of one row in Rows.</summary>
        public const int Columns = 5;
        private const byte Sb = (byte)TherapyState.Standby, Fi = (byte)TherapyState.FadeIn, At = (byte)TherapyState.Attune,
            Gu = (byte)TherapyState.Guide, Se = (byte)TherapyState.Settled, Sl = (byte)TherapyState.SensorLost,
            En = (byte)TherapyState.Engage, Su = (byte)TherapyState.Sustain, Fo = (byte)TherapyState.FadeOut;
        private const byte Start = (byte)TransitionReason.ButtonStart, Stop = (byte)TransitionReason.ButtonStop,
            FadeInDone = (byte)TransitionReason.FadeInDone, AttuneDone = (byte)TransitionReason.AttuneDone,
            Low = (byte)TransitionReason.ArousalLow, Rose = (byte)TransitionReason.ArousalRose,
            Lost = (byte)TransitionReason.SensorsLost, Back = (byte)TransitionReason.SensorsBack,
            Timer = (byte)TransitionReason.SleepTimer, FadeOutDone = (byte)TransitionReason.FadeOutDone,
            Program = (byte)TransitionReason.ProgramChanged, Resume = (byte)TransitionReason.Resume,
            Limit = (byte)TransitionReason.SessionLimit, Spike = (byte)TransitionReason.ArousalSpike,
            EngageDone = (byte)TransitionReason.EngageDone;
        private const byte Always = (byte)TransitionGuard.Always, Pain = (byte)TransitionGuard.Pain,
            NotPain = (byte)TransitionGuard.NotPain, Attuned = (byte)TransitionGuard.Attuned;
        private const byte None = (byte)TransitionAction.None, Begin = (byte)TransitionAction.BeginSession,
            StopFade = (byte)TransitionAction.StopFade, TimerFade = (byte)TransitionAction.TimerFade,
            ResumeSession = (byte)TransitionAction.ResumeSession, Keep = (byte)TransitionAction.KeepAttuneLevel,
            Rebase = (byte)TransitionAction.Rebase;

        /// <summary>from, event, guard, to, action; rows with the same source and event in the order they are tried.</summary>
        private static readonly byte[] Rows =
        {
            Sb, Start, Always, Fi, Begin,
            Fi, FadeInDone, Pain, En, None,
            Fi, FadeInDone, Attuned, Gu, None,
            Fi, FadeInDone, Always, At, None,
            At, AttuneDone, Always, Gu, Keep,
            Gu, Low, Always, Se, None,
            Se, Rose, Always, Gu, None,
            En, EngageDone, Always, Su, None,
            Su, Spike, Always, En, None,
            At, Lost, Always, Sl, None,
            Gu, Lost, Always, Sl, None,
            Se, Lost, Always, Sl, None,
            En, Lost, Always, Sl, None,
            Su, Lost, Always, Sl, None,
            Sl, Back, Pain, Su, Rebase,
            Sl, Back, Attuned, Gu, Rebase,
            Sl, Back, Always, At, Rebase,
            At, Program, Pain, En, None,
            Gu, Program, Pain, En, None,
            Se, Program, Pain, En, None,
            En, Program, NotPain, Gu, None,
            Su, Program, NotPain, Gu, None,
            Fi, Timer, Always, Fo, TimerFade,
            At, Timer, Always, Fo, TimerFade,
            Gu, Timer, Always, Fo, TimerFade,
            Se, Timer, Always, Fo, TimerFade,
            Sl, Timer, Always, Fo, TimerFade,
            En, Timer, Always, Fo, TimerFade,
            Su, Timer, Always, Fo, TimerFade,
            Fi, Limit, Always, Fo, TimerFade,
            At, Limit, Always, Fo, TimerFade,
            Gu, Limit, Always, Fo, TimerFade,
            Se, Limit, Always, Fo, TimerFade,
            Sl, Limit, Always, Fo, TimerFade,
            En, Limit, Always, Fo, TimerFade,
            Su, Limit, Always, Fo, TimerFade,
            Fi, Stop, Always, Fo, StopFade,
            At, Stop, Always, Fo, StopFade,
            Gu, Stop, Always, Fo, StopFade,
            Se, Stop, Always, Fo, StopFade,
            Sl, Stop, Always, Fo, StopFade,
            En, Stop, Always, Fo, StopFade,
            Su, Stop, Always, Fo, StopFade,
            Fo, Stop, Always, Fo, StopFade,
            Fo, Resume, Always, Fi, ResumeSession,
            Fo, FadeOutDone, Always, Sb, None,
        };

        /// <summary>Entry action per state (index = TherapyState value).</summary>
        private static readonly byte[] EntryActions =
        {
            (byte)StateAction.Silence, (byte)StateAction.FadeIn, 0, 0, 0, (byte)StateAction.MarkOpenLoop, 0, 0, 0,
        };

        /// <summary>Exit action per state (index = TherapyState value).</summary>
        private static readonly byte[] ExitActions =
        {
            0, 0, 0, 0, 0, 0, 0, 0, (byte)StateAction.EndTimerFade,
        };

        /// <summary>Number of rows.</summary>
        public static int Count { get { return Rows.Length / Columns; } }
        /// <summary>Number of states (entries of the entry and exit action lists).</summary>
        public static int StateCount { get { return EntryActions.Length; } }
        public static TherapyState From(int row) { return (TherapyState)Rows[row * Columns]; }
        public static TransitionReason Event(int row) { return (TransitionReason)Rows[row * Columns + 1]; }
        public static TransitionGuard Guard(int row) { return (TransitionGuard)Rows[row * Columns + 2]; }
        public static TherapyState To(int row) { return (TherapyState)Rows[row * Columns + 3]; }
        public static TransitionAction Action(int row) { return (TransitionAction)Rows[row * Columns + 4]; }
        public static StateAction Entry(TherapyState s) { int i = (int)s; return i < EntryActions.Length ? (StateAction)EntryActions[i] : StateAction.None; }
        public static StateAction Exit(TherapyState s) { int i = (int)s; return i < ExitActions.Length ? (StateAction)ExitActions[i] : StateAction.None; }

        /// <summary>True if some row takes from to to on this event (any guard): what a trace may show.</summary>
        public static bool Contains(TherapyState from, TransitionReason ev, TherapyState to)
        {
            for (int i = 0; i < Rows.Length; i += Columns)
                if (Rows[i] == (byte)from && Rows[i + 1] == (byte)ev && Rows[i + 3] == (byte)to) return true;
            return false;
        }
    }
}
