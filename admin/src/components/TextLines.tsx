/** Several messages (an error box's description) as a tight bulleted list. */
export const TextLines = ({ lines }: { lines: string[] }) => (
  <ul style={{ margin: 0, paddingLeft: 18 }}>
    {lines.map((l, i) => (
      <li key={i}>{l}</li>
    ))}
  </ul>
);
