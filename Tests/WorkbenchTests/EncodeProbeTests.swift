import Foundation
import Testing
import TestSupport
@testable import Workbench
import Models
import Datasets

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
        #expect(own.maxSeqLength == 256 && own.metrics["encode/max_seq_length"] == 256, "the folder's own limit")
        let capped = try EncodeProbe.measure(spec: minilm, texts: 8, maxLength: 16)
        #expect(capped.maxSeqLength == 16 && capped.metrics["encode/max_seq_length"] == 16)
        // a limit above the folder's keeps the folder's
        #expect(try EncodeProbe.measure(spec: minilm, texts: 8, maxLength: 4096).maxSeqLength == 256)
    }

    /// The timed sample is half legal-zh passages, half STS-B sentences, as documented.
    @Test func theSampleIsHalfPassagesHalfSentences() throws {
        let texts = try EncodeProbe.sample(count: 512)
        let legal = try RetrievalDataset.legalZh(split: .test), stsb = try PairDataset.stsb(split: .test)
        #expect(texts.count == 512)
        #expect(Array(texts.prefix(256)) == legal.corpusIDs.prefix(256).map { legal.corpus[$0]! })
        #expect(Array(texts.suffix(256)) == Array(stsb.texts[0].prefix(256)))
    }

    /// A local model is timed in several passes and its speed is the median pass's; the passes are kept.
    @Test func theSpeedIsTheMedianPasss() throws {
        let minilm = try RealAssets.model("all-MiniLM-L6-v2").path
        let probe = try EncodeProbe.measure(spec: minilm, texts: 8, passes: 3)
        let seconds = try #require(probe.passSeconds)
        #expect(seconds.count == 3 && seconds.allSatisfy { $0 > 0 })
        #expect(probe.sentencesPerSecond == 8 / seconds.sorted()[1])
        #expect(probe.metrics["encode/passes"] == 3 && (probe.metrics["encode/pass_spread"] ?? -1) >= 0)
        #expect(try EncodeProbe.measure(spec: minilm, texts: 8, passes: 1).passSeconds?.count == 1)
    }

    /// `PATH@N` is the folder with its inputs capped at N tokens: what it embeds, its cache fingerprint and its probe.
    @Test func aSpecsTokenLimitCapsTheFolder() throws {
        let minilm = try RealAssets.model("all-MiniLM-L6-v2").path
        let own = try #require(try ModelSpec.load(minilm) as? SentenceTransformer)
        let capped = try #require(try ModelSpec.load(minilm + "@16") as? SentenceTransformer)
        #expect(own.maxSeqLength == 256 && capped.maxSeqLength == 16)
        #expect((try ModelSpec.load(minilm + "@4096") as? SentenceTransformer)?.maxSeqLength == 256, "never raised")
        #expect(try own.fingerprint() != capped.fingerprint(), "the cache keeps the two apart")
        let long = String(repeating: "the tenant gives notice to the landlord ", count: 20)
        #expect(try capped.embed([long], prompt: nil).scalars != own.embed([long], prompt: nil).scalars)
        #expect(try EncodeProbe.measure(spec: minilm + "@16", texts: 8).maxSeqLength == 16)
        for bad in ["@", "@0", "@-3", "@sixteen"] {
            #expect { try ModelSpec.load(minilm + bad) } throws: { "\($0)".contains("PATH@128") }
        }
    }
}
