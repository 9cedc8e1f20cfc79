print("wb-bench")
