// Masterminds/semver v3 semantics: versions, constraints, ordering.
export { SemverError, Version, parseVersion, parseStrictVersion, sortVersions } from './version.js';
export { Constraint, parseConstraint, type ValidationResult } from './constraints.js';
