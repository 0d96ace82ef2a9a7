//! The only parts of a page that ship as WebAssembly.
//!
//! Architecture invariant: an island is small and self-contained. Everything
//! else is rendered once on the server and never hydrated, which is what keeps
//! a guide page light.

mod copy_code;
mod theme_toggle;

pub use copy_code::CopyCode;
pub use theme_toggle::ThemeToggle;
