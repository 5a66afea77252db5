//! The profiles built into the binary, from their folders under `templates/profiles/`.

/// A built-in profile: its name, its `profile.yaml` and its narrative files (name, text).
pub type BuiltinProfile = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// A built-in profile from its folder under `templates/profiles/`, with the narrative files
/// its parts name.
macro_rules! builtin {
    ($name:literal, [$($file:literal),*]) => {
        (
            $name,
            include_str!(concat!("../../templates/profiles/", $name, "/profile.yaml")),
            &[$(($file, include_str!(concat!("../../templates/profiles/", $name, "/narrative/", $file)))),*],
        )
    };
}

/// The built-in profiles.
pub const BUILTIN: &[BuiltinProfile] = &[
    builtin!("henan-2023", ["part1.j2", "part2.j2", "part3.j2"]),
    builtin!("henan-2024", []),
    builtin!("henan-2024-department", ["part1.j2"]),
    builtin!(
        "shanghai",
        [
            "duties.j2",
            "offices.j2",
            "glossary.j2",
            "explanation.j2",
            "other.j2"
        ]
    ),
    builtin!(
        "shanghai-department",
        ["offices.j2", "explanation.j2", "other.j2", "projects.j2"]
    ),
];
