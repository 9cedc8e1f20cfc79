import Foundation

/// A test bundle lacks one of its `Fixtures` entries (a fixture not committed, or not listed as a resource).
public struct MissingFixtureError: Error, CustomStringConvertible {
    /// The path inside `Fixtures/`.
    public let path: String
    /// The test bundle looked in.
    public let bundle: URL

    public var description: String { "Fixtures/\(path) is not in the test bundle \(bundle.path)" }
}
