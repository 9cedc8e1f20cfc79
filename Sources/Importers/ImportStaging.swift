import Foundation

/// Builds an imported model folder in a hidden temporary folder beside its destination and renames it
/// into place only when complete, so a failed or interrupted import never leaves a partial folder (the
/// importers' counterpart of `AtomicFolder` in Models, with ``ImportError``s).
///
/// ```swift
/// try ImportStaging.write(to: destination, replace: force) { folder throws(ImportError) in
///     try ImportStaging.writeFile(folder.appendingPathComponent("config.json"), text: config)
/// }
/// ```
enum ImportStaging {
    /// Calls `fill` with an empty temporary folder next to `destination`, then moves it into place.
    ///
    /// An existing `destination` is an error unless `replace`, and is then swapped out only once the new
    /// folder is complete. Temporary folders of imports killed more than an hour ago are removed first;
    /// this import's is removed on failure.
    static func write<T>(
        to destination: URL, replace: Bool, _ fill: (URL) throws(ImportError) -> T
    ) throws(ImportError) -> T {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: destination.path), !replace {
            throw .outputExists(path: destination.path)
        }
        let parent = destination.deletingLastPathComponent()
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .ioFailure(path: parent.path, operation: "create the output's parent folder", reason: "\(error)")
        }
        removeStaleImports(of: destination)
        let temporary = parent.appendingPathComponent(".\(destination.lastPathComponent).import-\(UUID().uuidString)")
        do {
            try createFolder(temporary)
            let result = try fill(temporary)
            try moveIntoPlace(temporary, destination, replace: replace)
            return result
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw error
        }
    }

    /// Creates the folder `url` (its parent must exist).
    static func createFolder(_ url: URL) throws(ImportError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        } catch {
            throw .ioFailure(path: url.path, operation: "create a folder", reason: "\(error)")
        }
    }

    /// Writes `text` as UTF-8 to `url`.
    static func writeFile(_ url: URL, text: String) throws(ImportError) {
        do {
            try Data(text.utf8).write(to: url)
        } catch {
            throw .ioFailure(path: url.path, operation: "write \(url.lastPathComponent)", reason: "\(error)")
        }
    }

    /// Deletes temporary folders of `destination` left by imports killed more than an hour ago
    /// (younger ones may belong to an import still running).
    private static func removeStaleImports(of destination: URL) {
        let parent = destination.deletingLastPathComponent()
        let prefix = ".\(destination.lastPathComponent).import-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            let url = parent.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
            if let modified, modified < Date(timeIntervalSinceNow: -3600) {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }

    /// Renames the finished `temporary` folder to `destination`; an existing destination (with `replace`)
    /// is moved aside first and deleted only after the new folder is in place.
    private static func moveIntoPlace(_ temporary: URL, _ destination: URL, replace: Bool) throws(ImportError) {
        var aside: URL?
        if FileManager.default.fileExists(atPath: destination.path) {
            guard replace else { throw .outputExists(path: destination.path) }
            let old = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).replaced-\(UUID().uuidString)")
            guard rename(destination.path, old.path) == 0 else {
                throw .ioFailure(path: destination.path, operation: "move the existing folder aside", reason: String(cString: strerror(errno)))
            }
            aside = old
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let aside { _ = rename(aside.path, destination.path) }
            throw .ioFailure(path: destination.path, operation: "rename \(temporary.lastPathComponent) into place", reason: reason)
        }
        if let aside { try? FileManager.default.removeItem(at: aside) }
    }
}
