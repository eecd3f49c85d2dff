/**
 * A reserved panel for a view another part of the app will fill (Architecture Lab, Train, X-ray
 * inference). It says plainly that the view is not available yet.
 */

/**
 * @param props the panel's title and what it will offer
 * @returns the placeholder
 */
export function PlaceholderPanel({
  title,
  description,
}: {
  readonly title: string;
  readonly description: string;
}) {
  return (
    <section className="placeholder" aria-labelledby="placeholder-title">
      <h2 id="placeholder-title">{title}</h2>
      <p>{description}</p>
      <p className="muted">Not available in this build yet.</p>
    </section>
  );
}
