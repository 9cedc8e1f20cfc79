import Foundation
import Testing
@testable import Runs

/// `RunStore.resolve` with paths of run folders, as tab completion gives them, besides ids.
@Suite struct RunResolveTests {
    let base: URL
    let store: RunStore
    let ref: RunRef

    /// `<base>/runs/legal-finetune/<id>/`, one finished run.
    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("wb-resolve-\(UUID().uuidString)")
        store = RunStore(root: base.appendingPathComponent("runs"))
        let run = try Run.start(root: store.root, experiment: "legal-finetune", config: [:], seed: nil)
        try run.finish()
        ref = try store.resolve(run.manifest.id)
    }

    @Test func pathsInAnyFormNameTheStoresRun() throws {
        let id = ref.id
        for query in ["runs/legal-finetune/\(id)", "runs/legal-finetune/\(id)/", "./runs//legal-finetune/\(id)/",
                      "runs/legal-finetune/\(id.prefix(15))"] {
            #expect(try store.resolve(query, from: base) == ref, "\(query)")
        }
        #expect(try store.resolve(ref.folder.path + "/") == ref)
        #expect(try store.resolve("legal-finetune/\(id)/", from: store.root) == ref)
        #expect(try store.resolve("../legal-finetune/\(id)", from: store.root.appendingPathComponent("legal-finetune")) == ref)
        #expect(try store.load(store.resolve(ref.folder.path)).manifest.id == id)
    }

    @Test func runFolderOutsideTheRootIsReadWhereItIs() throws {
        let elsewhere = base.appendingPathComponent("copied/legal-finetune/\(ref.id)")
        try FileManager.default.createDirectory(at: elsewhere.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ref.folder, to: elsewhere)
        let found = try store.resolve("copied/legal-finetune/\(ref.id)/", from: base)
        #expect(found.folder.path == elsewhere.path && found.experiment == "legal-finetune" && found.id == ref.id)
        #expect(try store.load(found).manifest.status == .finished)
    }

    @Test func folderWithoutManifestIsNotARunFolder() throws {
        let experimentFolder = store.root.appendingPathComponent("legal-finetune")
        #expect(throws: RunError.notARunFolder(path: experimentFolder.path)) { try store.resolve("runs/legal-finetune/", from: base) }
        let eval = ref.folder.appendingPathComponent("eval")
        try FileManager.default.createDirectory(at: eval, withIntermediateDirectories: true)
        do {
            _ = try store.resolve(eval.path)
            Issue.record("a folder inside a run resolved as a run")
        } catch {
            #expect(error == .notARunFolder(path: eval.path))
            #expect(error.description == "\(eval.path): not a run folder (expected a folder runs/<experiment>/<id>/ with a manifest.json in it)")
        }
    }

    @Test func missingPathFallsBackToIdLookupWithSuggestions() {
        #expect(throws: RunError.runNotFound(query: "nowhere/at-all", root: store.root.path, suggestions: [])) {
            try store.resolve("nowhere/at-all", from: base)
        }
    }
}
