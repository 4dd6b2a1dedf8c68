namespace ScaleLab.Load.Engine;

/// <summary>
/// The engine's own machinery failed under an operation (its event loop died): counted as an error of kind
/// <see cref="ErrorKinds.Engine"/>, not as the target's failure.
/// </summary>
internal sealed class EngineFaultException(string message, Exception? inner = null) : Exception(message, inner);
