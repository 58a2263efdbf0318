namespace Bedside.Core.Therapy
{
    /// <summary>
    /// Audible confirmations the controller asks for (the integrator maps each to a short, soft tone pattern at
    /// or below the current level, also in Standby). Suggested patterns in hardware/quick-card.md.
    /// </summary>
    public enum Cue : byte
    {
        None = 0,
        /// <summary>Music starting (one low rising two-note chime).</summary>
        Start = 1,
        /// <summary>Music fading out (one falling two-note chime).</summary>
        Stop = 2,
        /// <summary>3 dB quieter (one short low tick).</summary>
        VolumeDown = 3,
        /// <summary>3 dB louder (two short ticks).</summary>
        VolumeUp = 4,
        /// <summary>At the cap or the minimum: nothing changed (one soft muted tick).</summary>
        VolumeLimit = 5,
        /// <summary>Program changed; CueArg = ProgramKind; play (arg + 1) soft notes.</summary>
        Program = 6,
        /// <summary>Bluetooth pairing window opened for 60 s (three rising notes).</summary>
        PairingOpen = 7,
        /// <summary>Pairing window closed (three falling notes).</summary>
        PairingClosed = 8,
        /// <summary>Gesture not in the grammar: ignored (one soft low note).</summary>
        NotUnderstood = 9,
        /// <summary>Hold recognised in standby: keep holding to open pairing (one soft tick).</summary>
        HoldAck = 10,
        /// <summary>Every enrolled client (access keys and bonds) forgotten (four alternating high/low notes).</summary>
        ClientsForgotten = 11,
    }
}
