// Every test here runs against the one real Dokku of this machine, never in parallel with each other, after the
// rest of ./build.sh test (this trait keeps them out of that run), all of them, in CI too; GRADUATE_REAL_DOKKU=0
// leaves them out, and build.sh counts what it left out.
[assembly: AssemblyTrait("Category", "RealDokku")]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
