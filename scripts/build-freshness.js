'use strict';
/**
 * Whether the compiled program in dist/ is older than its sources: the
 * decision alone, over file lists and times, so it is tested without a build.
 *
 * stamp:   what the last successful build recorded ({ startedAt, sources }), or null
 * sources: every input of the build now, as { path, mtimeMs }
 * entryExists: whether the program's entry point is in dist/
 */
function buildIsStale({ stamp, sources, entryExists }) {
  if (!entryExists || stamp === null) return true;
  const now = sources.map((source) => source.path).sort();
  const then = [...stamp.sources].sort();
  // an added or deleted source changes the program even when no file is newer
  if (now.length !== then.length || now.some((path, i) => path !== then[i])) return true;
  // a file saved while the last build ran may have been read before the save
  return sources.some((source) => source.mtimeMs >= stamp.startedAt);
}

module.exports = { buildIsStale };
