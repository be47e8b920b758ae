package postgres

// Constraints is constraints, for a test that holds it against the schema.
var Constraints = constraints
