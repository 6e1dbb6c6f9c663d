// Every test here runs against the one real Dokku of this machine: build.sh leaves them out (and says
// how many) with GRADUATE_REAL_DOKKU=0 by this trait, and they never run in parallel with each other.
[assembly: AssemblyTrait("Category", "RealDokku")]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
