namespace Pipeline.Train;

/// <summary>Training options the user can fix: they contradict the checkpoint the trainer would resume from.</summary>
public sealed class TrainConfigurationException : Exception
{
    /// <summary>Creates the exception with a message naming the checkpoint and what to do.</summary>
    public TrainConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner cause.</summary>
    public TrainConfigurationException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public TrainConfigurationException() { }
}
