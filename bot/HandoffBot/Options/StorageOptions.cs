using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Options;

/// <summary>Section "Storage".</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The LiteDB file; relative paths are relative to the working directory. Created on first run.</summary>
    [Required]
    public string Path { get; set; } = "./data/handoffbot.db";
}
