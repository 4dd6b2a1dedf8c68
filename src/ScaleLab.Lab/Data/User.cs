namespace ScaleLab.Lab.Data;

/// <summary>A user as a session remembers it.</summary>
internal sealed record User(long Id, string Name);
