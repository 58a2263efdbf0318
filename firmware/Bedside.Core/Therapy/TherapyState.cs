namespace Bedside.Core.Therapy
{
    /// <summary>States of the therapy state machine (one byte in the trace and the session log).</summary>
    public enum TherapyState : byte
    {
        /// <summary>Silent, waiting for a press. AudioShouldRun is false.</summary>
        Standby = 0,
        /// <summary>Level rising from silence over ≥ 3 s; controls already matched to the listener.</summary>
        FadeIn = 1,
        /// <summary>Iso principle, first part: music follows the measured arousal (sedative 60-80 BPM range).</summary>
        Attune = 2,
        /// <summary>Leads down at bounded rates toward the program floor; holds / eases back when arousal rises.</summary>
        Guide = 3,
        /// <summary>At the floor with low arousal: sparse drone and bed, nothing moves.</summary>
        Settled = 4,
        /// <summary>Sensors missing or unreliable: open-loop descent on time alone (logged).</summary>
        SensorLost = 5,
        /// <summary>Pain program: more melodic interest (distraction), tempo matched to arousal in 66-80 BPM.</summary>
        Engage = 6,
        /// <summary>Pain program: steady moderate tempo and interest once arousal is moderate.</summary>
        Sustain = 7,
        /// <summary>Level falling to silence: ≥ 2 s on a stop, ≥ 3 min at the sleep timer.</summary>
        FadeOut = 8,
    }

    /// <summary>Why a transition happened (one byte in the trace).</summary>
    public enum TransitionReason : byte
    {
        Boot = 0,
        ButtonStart = 1,
        ButtonStop = 2,
        FadeInDone = 3,
        AttuneDone = 4,
        ArousalLow = 5,
        ArousalRose = 6,
        SensorsLost = 7,
        SensorsBack = 8,
        SleepTimer = 9,
        FadeOutDone = 10,
        ProgramChanged = 11,
        Resume = 12,
        SessionLimit = 13,
        ArousalSpike = 14,
        EngageDone = 15,
    }
}
