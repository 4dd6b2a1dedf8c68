namespace ScaleLab.Load.Flows;

/// <summary>Where an <see cref="Extraction"/> takes its value from.</summary>
public enum ExtractionSource
{
    /// <summary>The JSON body, at a path such as <c>$.user.id</c>.</summary>
    Json,

    /// <summary>A response header, by name.</summary>
    Header,

    /// <summary>The body, by a regular expression: its first group, or the whole match.</summary>
    Regex,
}
