import Foundation
import Testing
import TestSupport

/// The policy for real assets in tests: one the set-up provides but that is missing fails the test with a
/// message naming the path and the set-up command; it is never skipped.
@Suite struct RealAssetsTests {
    @Test func aMissingModelNamesItsPathAndTheSetUpCommand() throws {
        let root = try TemporaryFolder(prefix: "wb-no-assets")
        let error = try #require(throws: MissingAssetError.self) { try RealAssets.model("all-MiniLM-L6-v2", root: root.url) }
        #expect(error.asset == "models/all-MiniLM-L6-v2" && error.missingFiles.isEmpty)
        #expect(error.description.contains("models/all-MiniLM-L6-v2 is missing"), "\(error)")
        #expect(error.description.contains(root.url.appendingPathComponent("models/all-MiniLM-L6-v2").path), "\(error)")
        #expect(error.description.contains("run `bash scripts/setup.sh` first"), "\(error)")
    }

    @Test func aDataSetMissingAFileNamesTheFile() throws {
        let root = try TemporaryFolder(prefix: "wb-no-assets")
        try root.write("datasets/legal-zh/corpus.jsonl", text: "{}\n")
        let error = try #require(throws: MissingAssetError.self) {
            try RealAssets.dataset("legal-zh", files: ["corpus.jsonl", "qrels/dev.tsv"], root: root.url)
        }
        #expect(error.missingFiles == ["qrels/dev.tsv"])
        #expect(error.description.contains("datasets/legal-zh is missing (no qrels/dev.tsv under"), "\(error)")
        #expect(error.description.contains(Repository.setUpCommand), "\(error)")
    }

    @Test func aCompleteAssetIsItsFolder() throws {
        let root = try TemporaryFolder(prefix: "wb-assets")
        for file in RealAssets.modelFiles { try root.write("models/tiny/\(file)", text: "{}") }
        #expect(try RealAssets.model("tiny", root: root.url) == root.url.appendingPathComponent("models/tiny"))
        #expect(FileManager.default.fileExists(atPath: Repository.root.appendingPathComponent("scripts/setup.sh").path))
    }
}
