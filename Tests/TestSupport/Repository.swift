import Foundation

/// The checked-out repository the tests run in.
public enum Repository {
    /// The repository root (two levels above `Tests/TestSupport/`), where `scripts/setup.sh` puts `models/`
    /// and `datasets/`.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The command that provides every model and data set the tests use (`scripts/test.sh` runs it first).
    public static let setUpCommand = "bash scripts/setup.sh"
}
