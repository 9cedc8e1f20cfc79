/// Bad optimizer, schedule or optimizer-state input, each naming what is wrong and where.
public enum OptimizerError: Error, Equatable, CustomStringConvertible {
    /// A hyperparameter outside its valid range (as torch's `ValueError`s reject them).
    case invalidHyperparameter(name: String, value: Double, expected: String)
    /// Two parameters share a name, so their optimizer state could not be told apart.
    case duplicateParameterName(String)
    /// A saved state entry whose element count does not fit the parameter.
    case stateSizeMismatch(key: String, expected: Int, found: Int)
    /// A saved state entry that is not finite or not a whole positive step count.
    case invalidStateValue(key: String, detail: String)
    /// A parameter whose saved state has some of its entries but not all.
    case incompleteState(parameter: String, missing: String)
    /// Saved state for a parameter this optimizer does not hold.
    case unknownStateKey(String)
    /// A name given for lazy row updates that is not a matrix parameter of the optimizer.
    case invalidLazyRows(String)

    public var description: String {
        switch self {
        case .invalidHyperparameter(let name, let value, let expected):
            return "invalid \(name) \(value): expected \(expected)"
        case .duplicateParameterName(let name):
            return "parameter name '\(name)' appears more than once"
        case .stateSizeMismatch(let key, let expected, let found):
            return "optimizer state '\(key)' has \(found) values, the parameter needs \(expected)"
        case .invalidStateValue(let key, let detail):
            return "optimizer state '\(key)': \(detail)"
        case .incompleteState(let parameter, let missing):
            return "optimizer state of '\(parameter)' lacks '\(missing)'"
        case .unknownStateKey(let key):
            return "optimizer state '\(key)' names no parameter of this optimizer"
        case .invalidLazyRows(let name):
            return "lazy row updates for '\(name)': no [rows, cols] parameter of that name"
        }
    }
}
