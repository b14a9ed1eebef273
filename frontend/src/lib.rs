//! The browser entry point. Pages are rendered on the server; this only wakes up the
//! `#[island]` components a page contains (the WASM holds nothing else).

// Linking `app` brings its islands' exported hydration functions into this module.
pub use app::components::islands;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
