import Foundation
import Testing
import TestSupport
@testable import Workbench

/// The encode-speed probe's child request (`--measure-encode SPEC [--max-length N]`) and its common token limit.
@Suite(.serialized) struct EncodeProbeTests {
    @Test func readsTheChildsRequest() {
        #expect(EncodeProbe.request(in: ["--measure-encode", "m"])! == ("m", nil))
        #expect(EncodeProbe.request(in: ["--measure-encode", "m", "--max-length", "128"])! == ("m", 128))
        // anything else is not a probe's request: the experiment goes on to parse (and reject) it as usual
        for arguments in [[], ["--student", "L6"], ["--measure-encode"], ["--measure-encode", "m", "--max-length"],
                          ["--measure-encode", "m", "--max-length", "0"], ["--measure-encode", "m", "--max-length", "x"],
                          ["--measure-encode", "m", "--texts", "8"]] {
            #expect(EncodeProbe.request(in: arguments) == nil, "\(arguments)")
        }
    }

    @Test func aCommonLimitCapsTheFoldersOwn() throws {
        let minilm = try RealAssets.model("all-MiniLM-L6-v2").path         // max_seq_length 256
        let own = try EncodeProbe.measure(spec: minilm, texts: 8)
        #expect(own.maxSeqLength == nil && own.metrics["encode/max_seq_length"] == nil)
        let capped = try EncodeProbe.measure(spec: minilm, texts: 8, maxLength: 16)
        #expect(capped.maxSeqLength == 16 && capped.metrics["encode/max_seq_length"] == 16)
        // a limit above the folder's keeps the folder's
        #expect(try EncodeProbe.measure(spec: minilm, texts: 8, maxLength: 4096).maxSeqLength == 256)
    }
}
