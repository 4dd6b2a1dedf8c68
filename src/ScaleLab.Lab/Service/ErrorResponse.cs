namespace ScaleLab.Lab.Service;

/// <summary>The body of every 4xx the service sends: one sentence.</summary>
internal sealed record ErrorResponse(string Error);
