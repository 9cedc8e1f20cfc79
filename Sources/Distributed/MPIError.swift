/// Why an MPI job could not start or a collective failed.
public enum MPIError: Error, CustomStringConvertible, Equatable {
    /// Open MPI could not be loaded or initialised.
    case unavailable(String)
    /// A collective returned an error (a rank died, the network failed): what MPI said.
    case collectiveFailed(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "MPI: \(why)"
        case .collectiveFailed(let why): "MPI: \(why)"
        }
    }
}
