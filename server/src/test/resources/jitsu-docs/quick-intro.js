export default async function transform(event, context) {
   //  
}
