import Foundation
import Testing
import TestSupport

/// Facts about the repository itself that a clone on another system depends on.
@Suite struct RepositoryTests {
    static let root = Repository.root

    /// macOS's default file system is case-insensitive: two tracked paths that differ only by case (or a file and a
    /// folder that do) would check out into one, so none may exist.
    @Test func noTwoTrackedPathsDifferOnlyByCase() throws {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", Self.root.path, "ls-files", "-z"]
        let pipe = Pipe()
        git.standardOutput = pipe
        try git.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        git.waitUntilExit()
        try #require(git.terminationStatus == 0, "git ls-files failed in \(Self.root.path): the tests run in a git checkout")
        let files = String(decoding: data, as: UTF8.self).split(separator: "\0").map(String.init)
        #expect(files.count > 100)
        var paths = Set<String>()                        // every file and every folder above it
        for f in files {
            let parts = f.split(separator: "/")
            for n in 1...parts.count { paths.insert(parts.prefix(n).joined(separator: "/")) }
        }
        let collisions = Dictionary(grouping: paths, by: { $0.lowercased() }).values.filter { $0.count > 1 }.map { $0.sorted() }
        #expect(collisions.isEmpty, "paths that differ only by case: \(collisions)")
    }
}
