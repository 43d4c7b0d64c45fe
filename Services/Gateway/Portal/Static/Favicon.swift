/// A red square with a gold star: the tab's icon (served, so the browser asks for no /favicon.ico).
enum Favicon {
    static let svg = #"""
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#c8161d"/><polygon fill="#ffd34d" points="16,5 19.2,13 27.5,13 20.8,18.2 23.3,26.5 16,21.5 8.7,26.5 11.2,18.2 4.5,13 12.8,13"/></svg>
    """#
}
