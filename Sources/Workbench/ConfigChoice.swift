import Tensors

/// A config field type with a fixed set of values, checked as the command line is parsed (a string-backed enum
/// gets its cases by declaring conformance).
public protocol ConfigChoice {
    static var choices: [String] { get }
}

extension ConfigChoice where Self: CaseIterable & RawRepresentable, RawValue == String {
    public static var choices: [String] { allCases.map(\.rawValue) }
}

extension MatmulPrecision: ConfigChoice {}
