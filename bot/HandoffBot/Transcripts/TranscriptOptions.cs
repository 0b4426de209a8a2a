using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Transcripts;

/// <summary>Section "Transcripts": uploads through POST /api/handoffs/{id}/transcripts.</summary>
public sealed class TranscriptOptions
{
    public const string Section = "Transcripts";

    /// <summary>Larger request bodies get 413. A transcript is also held to Ai:MaxSourceChars and the deal's total source limit.</summary>
    [Range(1024, 28 * 1024 * 1024)]
    public int MaxUploadBytes { get; set; } = 8 * 1024 * 1024;
}
