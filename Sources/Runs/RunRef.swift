import Foundation

/// The address of a run folder: `runs/<experiment>/<id>`.
public struct RunRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let experiment: String
    public let id: String
    public let folder: URL

    /// `experiment/id`, the form commands print and accept.
    public var description: String { "\(experiment)/\(id)" }

    public init(experiment: String, id: String, folder: URL) {
        self.experiment = experiment
        self.id = id
        self.folder = folder
    }

    public static func < (a: RunRef, b: RunRef) -> Bool { (a.id, a.experiment) < (b.id, b.experiment) }
}
