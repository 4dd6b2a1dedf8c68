namespace ScaleLab.Load.Engine;

/// <summary>A client factory whose operations name their request (a mix from a file, a flow): the run keeps figures per name.</summary>
internal interface INamedRequests
{
    RequestTable? Requests { get; }
}
