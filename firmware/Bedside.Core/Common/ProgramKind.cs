namespace Bedside.Core
{
    /// <summary>The four programs a caregiver can select; stored as one byte in settings and logs.</summary>
    public enum ProgramKind : byte
    {
        /// <summary>Starts matched to the listener, descends to a sparse drone and noise bed, fades out at the timer.</summary>
        Sleep = 0,
        /// <summary>Steady relaxation, no fade.</summary>
        Calm = 1,
        /// <summary>More melodic interest (distraction), steady moderate tempo, no sleep fade.</summary>
        Pain = 2,
        /// <summary>Pink / brown / ocean bed only, still adaptive in brightness and level.</summary>
        Noise = 3,
    }
}
