import type { ChatMessage, FilePart } from "@/lib/chat/types";

export function imagePartsOf(message: ChatMessage): FilePart[] {
  return message.parts.flatMap((part) => (part.type === "file" && part.mediaType.startsWith("image/") ? [part] : []));
}

/** The images a user sent with a message, above its text; each opens full size in a new tab. */
export function MessageImages({ message }: { message: ChatMessage }) {
  const images = imagePartsOf(message);
  if (images.length === 0) return null;
  return (
    <div className="flex max-w-[85%] flex-wrap justify-end gap-2 sm:max-w-[75%]">
      {images.map((image) => (
        <a
          key={image.url}
          href={image.url}
          target="_blank"
          rel="noopener noreferrer"
          className="block overflow-hidden rounded-2xl border border-zinc-200 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-zinc-700"
        >
          {/* Uploads are served by the app behind an access check; next/image's optimiser would cache them publicly. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={image.url}
            alt={image.filename ? `Attached image ${image.filename}` : "Attached image"}
            loading="lazy"
            className="h-40 max-w-full object-cover sm:h-48"
          />
        </a>
      ))}
    </div>
  );
}
